// Issue 9: signed out everywhere. Other tabs, the back/forward cache, front-channel logout from
// the provider, token revocation proven at the provider, deep storage, and PRIVO's partner sample.
import assert from 'node:assert/strict';
import { describe, it } from './support/node-test.mjs';
import { SLOW_REVOCATION_MS } from '../../demo/provider.mjs';
import {
  configureButton,
  endSessionRequests,
  providerAsksForCredentials,
  signedIn,
  terminalEvents,
  useStack,
  waitForEntry,
  withSession,
} from './support/stack.mjs';

const stack = useStack();

/** The signed-in user of the first tab, copied into another tab of the same session. */
async function copyUser(from, to) {
  const user = await from.evaluate(() =>
    Object.entries(sessionStorage).filter(([key]) => key.startsWith('oidc.user:')),
  );
  await to.evaluate((entries) => entries.forEach(([key, value]) => sessionStorage.setItem(key, value)), user);
  return user.map(([key]) => key);
}

const storedUsers = (page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user:')));

describe('other tabs of the origin', () => {
  stack.use();

  it('three tabs: the clicking one verifies its return, one with a button goes to its after-url, an API-only one hears it', () =>
    withSession(stack, async ({ context, page, log }) => {
      await signedIn(stack, page);
      const withButton = await context.newPage();
      await withButton.goto(stack.pagesUrl('app.html'));
      await withButton.waitForSelector('body[data-ready]');
      await copyUser(page, withButton);
      const apiOnly = await context.newPage();
      await apiOnly.goto(stack.pagesUrl('api-only.html'));
      await apiOnly.waitForSelector('body[data-ready]');
      await copyUser(page, apiOnly);
      await apiOnly.evaluate(() => sessionStorage.setItem('draft', 'unsaved'));

      await configureButton(page, { state: 'three-tabs' });
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      const completed = await waitForEntry(log, 'completed');
      assert.equal(completed.detail.state, 'three-tabs', "the clicking tab's state survived the other tabs");

      const remote = await waitForEntry(log, 'sign-out-remote');
      assert.deepEqual(remote.detail, { source: 'tab' });
      await withButton.waitForURL(/\/after\.html/);
      const heard = await waitForEntry(log, 'remote-listener');
      assert.deepEqual(heard.detail, { source: 'tab' });
      assert.deepEqual(heard.session, {}, "the API-only tab's user and session data were already gone");
      assert.equal(terminalEvents(log).length, 1, 'the other tabs fire no sign-out-complete of their own');
    }));

  it('a cancelled sign-out-remote keeps the page, with its user removed all the same', () =>
    withSession(stack, async ({ context, page, log }) => {
      await signedIn(stack, page);
      const other = await context.newPage();
      await other.goto(stack.pagesUrl('app.html'));
      await other.waitForSelector('body[data-ready]');
      await copyUser(page, other);
      await other.evaluate(() => (window.cancelRemote = true));
      await configureButton(page, { mode: 'local' });
      await page.click('sign-out-button');
      await waitForEntry(log, 'sign-out-remote');
      await other.waitForTimeout(500);
      assert.match(other.url(), /\/app\.html$/, 'the page stayed');
      assert.deepEqual(await storedUsers(other), [], 'its stored user is gone');
    }));

  it('no-broadcast: the other tabs are not told', () =>
    withSession(stack, async ({ context, page, log }) => {
      await signedIn(stack, page);
      const other = await context.newPage();
      await other.goto(stack.pagesUrl('app.html'));
      await other.waitForSelector('body[data-ready]');
      const copied = await copyUser(page, other);
      await configureButton(page, { mode: 'local', 'no-broadcast': '' });
      await page.click('sign-out-button');
      await waitForEntry(log, 'sign-out-complete');
      await other.waitForTimeout(700);
      assert.equal(
        log.some((entry) => entry.type === 'sign-out-remote'),
        false,
      );
      assert.deepEqual(await storedUsers(other), copied, 'the other tab keeps its user');
    }));
});

describe('the back/forward cache, really on', () => {
  stack.use();

  it('Back after a sign-out reloads the page instead of showing it signed in', () =>
    withSession(stack, async ({ page }) => {
      await signedIn(stack, page);
      await page.evaluate(() => (window.__sameDocument = true));
      await configureButton(page, { mode: 'local' });
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForSelector('body[data-ready]');
      await page.waitForSelector('#who:text("nobody")');
      assert.equal(await page.evaluate(() => window.__sameDocument), undefined, 'the page was reloaded');
    }));

  it('a page restored after another tab signed out reloads too, while one restored with no sign-out since does not', () =>
    withSession(stack, async ({ context, page }) => {
      await signedIn(stack, page);
      const other = await context.newPage();
      await other.goto(stack.pagesUrl('app.html'));
      await other.waitForSelector('body[data-ready]');
      await copyUser(page, other);
      await other.reload();
      await other.waitForSelector('#who:text("alice")');
      // Nothing happened meanwhile: the cached page comes back as it was.
      await other.evaluate(() => (window.__sameDocument = true));
      await other.goto(stack.pagesUrl('after.html'));
      await other.goBack({ waitUntil: 'commit' });
      await other.waitForSelector('#who:text("alice")');
      assert.equal(await other.evaluate(() => window.__sameDocument), true, 'restored from the cache');
      // Now a sign-out happens in the first tab while this page sits in the cache.
      await other.goto(stack.pagesUrl('after.html'));
      await configureButton(page, { mode: 'local' });
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      await other.goBack({ waitUntil: 'commit' });
      // The restored document is there at once, ready and marked; the reload replaces it a moment
      // later (pageshow, then the record read): waited for, not raced (a loaded machine is slow).
      await other.waitForFunction(
        () => window.__sameDocument === undefined && document.body?.dataset.ready === 'true',
        null,
        {
          timeout: 10000,
        },
      );
      await other.waitForSelector('#who:text("nobody")');
    }));
});

/** Ends the provider session from another tab, as another app of the provider would. */
async function endSessionElsewhere(stack, context, idToken) {
  const elsewhere = await context.newPage();
  const url = new URL(`${stack.op.issuer}${stack.op.endSessionPath}`);
  url.searchParams.set('id_token_hint', idToken);
  await elsewhere.goto(url.href);
  return elsewhere;
}

/** Loads the front-channel page in an iframe of a page of the site, as a provider would frame it. */
async function frameFrontChannel(stack, page, query) {
  await page.goto(stack.pagesUrl('storage-probe.html'));
  await page.evaluate(
    (src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    },
    `${stack.pagesUrl('front-channel.html')}?${query}`,
  );
}

describe('front-channel logout, provider and pages same-site', () => {
  stack.use({ frontChannel: true });

  it("the provider's frame signs out the tab whose user has that iss and sid, though it sits in that tab's sessionStorage", () =>
    withSession(stack, async ({ context, page, log }) => {
      await signedIn(stack, page);
      const idToken = await page.evaluate(() => window.storedIdToken());
      await endSessionElsewhere(stack, context, idToken);
      const framed = await waitForEntry(log, 'front-channel');
      assert.equal(framed.top, false, "it ran in the provider's iframe");
      assert.deepEqual(framed.detail, { status: 'signed-out' });
      const remote = await waitForEntry(log, 'sign-out-remote');
      assert.deepEqual(remote.detail, { source: 'front-channel' });
      await page.waitForURL(/\/after\.html/);
      assert.deepEqual(await storedUsers(page), []);
    }));

  for (const [what, query] of [
    ['another sid', (issuer) => `iss=${encodeURIComponent(issuer)}&sid=not-this-session`],
    ['another iss', () => `iss=${encodeURIComponent('https://other-provider.example')}&sid=any`],
  ]) {
    it(`${what}: ignored, other-session, and the tab stays signed in`, () =>
      withSession(stack, async ({ context, page, log }) => {
        await signedIn(stack, page);
        await frameFrontChannel(stack, await context.newPage(), query(stack.op.issuer));
        const framed = await waitForEntry(log, 'front-channel');
        assert.deepEqual(framed.detail, { status: 'ignored', reason: 'other-session' });
        assert.equal((await storedUsers(page)).length, 1);
        assert.equal(
          log.some((entry) => entry.type === 'sign-out-remote'),
          false,
        );
      }));
  }

  it('nobody signed in: ignored, not-signed-in', () =>
    withSession(stack, async ({ context, page, log }) => {
      // A tab of the site is open, signed out: the frame reaches the site's storage and tabs.
      await page.goto(stack.pagesUrl('app.html'));
      await page.waitForSelector('body[data-ready]');
      await frameFrontChannel(stack, await context.newPage(), `iss=${encodeURIComponent(stack.op.issuer)}&sid=x`);
      const framed = await waitForEntry(log, 'front-channel');
      assert.deepEqual(framed.detail, { status: 'ignored', reason: 'not-signed-in' });
    }));

  it('opened at top level with the right iss and sid (a link, not the provider): not-framed, the tab stays signed in', () =>
    withSession(stack, async ({ context, page, log }) => {
      await signedIn(stack, page);
      const sid = await page.evaluate(() => window.storedSid());
      const top = await context.newPage();
      await top.goto(`${stack.pagesUrl('front-channel.html')}?iss=${encodeURIComponent(stack.op.issuer)}&sid=${sid}`);
      const framed = await waitForEntry(log, 'front-channel');
      assert.equal(framed.top, true);
      assert.deepEqual(framed.detail, { status: 'ignored', reason: 'not-framed' });
      assert.equal((await storedUsers(page)).length, 1, 'a link cannot sign anybody out');
      assert.equal(
        log.some((entry) => entry.type === 'sign-out-remote'),
        false,
      );
    }));
});

describe('front-channel logout, a provider that moves on 300 ms after its frames loaded', () => {
  // Glewlwyd navigates away about 500 ms after its front-channel frames fire load. The pages are
  // the built drop-in module, as a deployed site serves them (the dev server's module graph is
  // not what a person's browser loads).
  stack.use({ frontChannel: 'front-channel-built.html', frontChannelLingerMs: 300 });

  it("the tab is signed out, the origin's localStorage cleared, and the frame's result reported in time", () =>
    withSession(stack, async ({ context, page, log }) => {
      await signedIn(stack, page);
      await page.evaluate(() => localStorage.setItem('app.cart', '3 items'));
      const idToken = await page.evaluate(() => window.storedIdToken());
      await page.goto(stack.pagesUrl('app-built.html'));
      await page.waitForSelector('body[data-ready]');
      await endSessionElsewhere(stack, context, idToken);
      const framed = await waitForEntry(log, 'front-channel');
      assert.deepEqual(framed.detail, { status: 'signed-out' }, 'reported before the frame went away');
      await waitForEntry(log, 'sign-out-remote');
      await page.waitForURL(/\/after\.html/);
      assert.equal(
        await page.evaluate(() => localStorage.getItem('app.cart')),
        null,
        "the origin's localStorage app data is gone",
      );
      assert.deepEqual(await storedUsers(page), []);
    }));
});

describe('front-channel logout, pages cross-site to the provider (partitioning on)', () => {
  stack.use({ frontChannel: true, pagesHost: 'localhost' });

  it("the frame answers partitioned instead of claiming success, and the tab's user is still there", () =>
    withSession(stack, async ({ context, page, log }) => {
      await signedIn(stack, page);
      const idToken = await page.evaluate(() => window.storedIdToken());
      await endSessionElsewhere(stack, context, idToken);
      const framed = await waitForEntry(log, 'front-channel');
      assert.equal(framed.top, false);
      assert.deepEqual(framed.detail, { status: 'ignored', reason: 'partitioned' });
      assert.equal((await storedUsers(page)).length, 1, 'the frame could not reach this tab');
    }));
});

/** The provider's userinfo answer for an access token. */
async function userinfoStatus(stack, accessToken) {
  const response = await fetch(`${stack.op.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  return response.status;
}

const accessTokenOf = (page) =>
  page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'));
    return JSON.parse(sessionStorage.getItem(key)).access_token;
  });

describe('token revocation', () => {
  stack.use();

  it('local sign-out with revoke-tokens: the access token fails at userinfo afterwards (proven at the provider)', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      const accessToken = await accessTokenOf(page);
      assert.equal(await userinfoStatus(stack, accessToken), 200, 'the token works before');
      await configureButton(page, { mode: 'local', 'revoke-tokens': '' });
      await page.click('sign-out-button');
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.revocation, 'done');
      assert.equal(await userinfoStatus(stack, accessToken), 401, 'revoked');
    }));

  it('without revoke-tokens a local sign-out leaves the access token live (and says skipped)', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      const accessToken = await accessTokenOf(page);
      await configureButton(page, { mode: 'local' });
      await page.click('sign-out-button');
      assert.equal((await waitForEntry(log, 'sign-out-complete')).detail.revocation, 'skipped');
      assert.equal(await userinfoStatus(stack, accessToken), 200);
    }));

  it('redirect: revocation happens before the end-session request', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      const before = stack.op.requests.length;
      await configureButton(page, { 'revoke-tokens': '' });
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      assert.equal((await waitForEntry(log, 'sign-out-complete')).detail.revocation, 'done');
      const paths = stack.op.requests.slice(before).map((request) => request.path);
      const revoked = paths.indexOf('/token/revocation');
      assert.ok(revoked >= 0, 'a revocation request was made');
      assert.ok(revoked < paths.indexOf(stack.op.endSessionPath), `revocation first: ${paths.join(', ')}`);
      assert.equal(endSessionRequests(stack.op).length > 0, true);
    }));
});

describe('a provider that refuses the refresh token but revokes the access token (as Glewlwyd does)', () => {
  stack.use({ revocation: 'refuses-refresh' });

  it('each token is tried: the access token is revoked all the same, and the result says failed', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      // oidc-provider gives this client no refresh token: the stored user gets one, as Glewlwyd's would.
      await page.evaluate(() => {
        const key = Object.keys(sessionStorage).find((name) => name.startsWith('oidc.user:'));
        sessionStorage.setItem(
          key,
          JSON.stringify({ ...JSON.parse(sessionStorage.getItem(key)), refresh_token: 'r-1' }),
        );
      });
      const accessToken = await accessTokenOf(page);
      const before = stack.op.requests.length;
      await configureButton(page, { mode: 'local', 'revoke-tokens': '' });
      await page.click('sign-out-button');
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.revocation, 'failed', 'the refresh token may still be live');
      const revocations = stack.op.requests
        .slice(before)
        .filter((request) => request.path === '/token/revocation')
        .map((request) => request.contentType);
      assert.equal(revocations.length, 2, 'both tokens were sent');
      assert.equal(await userinfoStatus(stack, accessToken), 401, 'the access token was revoked');
    }));
});

for (const [what, options] of [
  ['fails (503)', { revocation: 'fails' }],
  ['answers only after 3 s', { revocation: 'slow' }],
  ['publishes no revocation_endpoint', { discoveryOverrides: { revocation_endpoint: undefined } }],
]) {
  describe(`a provider whose revocation endpoint ${what}`, () => {
    stack.use(options);

    it('revocation failed, and the sign-out completes all the same, without waiting beyond the bound', () =>
      withSession(stack, async ({ page, log }) => {
        await signedIn(stack, page);
        await configureButton(page, { mode: 'local', 'revoke-tokens': '' });
        const before = stack.op.requests.length;
        const started = Date.now();
        await page.click('sign-out-button');
        const complete = await waitForEntry(log, 'sign-out-complete');
        const took = Date.now() - started;
        assert.equal(complete.detail.revocation, 'failed');
        assert.deepEqual(complete.storage.session, {}, 'signed out of the site');
        if (options.revocation === 'slow') {
          // Causal, not a stopwatch: the sign-out completed while the provider still held the
          // revocation request, so it did not wait for the answer (the bound is 1.5 s).
          const asked = stack.op.requests.slice(before).find((request) => request.path === '/token/revocation');
          assert.ok(asked, 'the revocation was sent');
          assert.ok(Date.now() - asked.at < SLOW_REVOCATION_MS, 'completed before the provider answered');
        }
        // Playwright cannot close a context while one of its requests is still held by the server.
        if (options.revocation === 'slow') await page.waitForTimeout(Math.max(0, SLOW_REVOCATION_MS + 500 - took));
      }));
  });
}

describe('deep storage', () => {
  stack.use();

  it('IndexedDB databases and caches are gone except kept names, including one another tab holds open', () =>
    withSession(stack, async ({ context, page, log }) => {
      await signedIn(stack, page);
      const holder = await context.newPage();
      await holder.goto(stack.pagesUrl('after.html'));
      // Another tab holds a connection and ignores versionchange: deleting it is blocked.
      await holder.evaluate(
        () =>
          new Promise((resolve) => {
            const request = indexedDB.open('app-held', 1);
            request.onsuccess = () => {
              window.__held = request.result;
              resolve();
            };
          }),
      );
      await page.evaluate(async () => {
        const open = (name) =>
          new Promise((resolve) => {
            const request = indexedDB.open(name, 1);
            request.onsuccess = () => {
              request.result.close();
              resolve();
            };
          });
        await open('app-db');
        await open('keep-db');
        await (await caches.open('app-cache')).put('/x', new Response('x'));
        await (await caches.open('keep-cache')).put('/x', new Response('x'));
      });
      await configureButton(page, {
        mode: 'local',
        'clear-storage': 'local session indexeddb caches',
        'keep-storage': 'keep-*',
        'after-url': null,
      });
      const started = Date.now();
      await page.click('sign-out-button');
      await waitForEntry(log, 'sign-out-complete');
      assert.ok(Date.now() - started < 2500, 'the blocked deletion did not hold the sign-out');
      const left = await page.evaluate(async () => ({
        databases: (await indexedDB.databases()).map((database) => database.name).sort(),
        caches: (await caches.keys()).sort(),
      }));
      assert.deepEqual(left.caches, ['keep-cache']);
      assert.ok(!left.databases.includes('app-db'));
      assert.ok(left.databases.includes('keep-db'));
      // Once the other tab lets go, the queued deletion completes.
      await holder.close();
      await page.waitForFunction(
        async () => !(await indexedDB.databases()).some((database) => database.name === 'app-held'),
      );
    }));
});

describe("PRIVO's partner sample: a hidden iframe with no post_logout_redirect_uri", () => {
  stack.use({ profile: 'privo' });

  it('ends unconfirmed once the provider page settled, no fallback redirect, then after-url; the session is gone', () =>
    withSession(stack, async ({ page, log, topLevel }) => {
      await signedIn(stack, page);
      await configureButton(page, { mode: 'iframe', 'post-logout-redirect-uri': null });
      const navigations = topLevel.length;
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.providerSession, 'unconfirmed');
      assert.equal(complete.frames, 0, 'the frame was removed');
      const [request] = endSessionRequests(stack.op).slice(-1);
      const sent = Object.fromEntries(request.params);
      assert.equal(sent.post_logout_redirect_uri, undefined);
      assert.equal(sent.state, undefined, 'no state: nothing could verify it');
      assert.ok(sent.id_token_hint, 'the ID token went along');
      assert.ok(
        !topLevel.slice(navigations).some((url) => url.startsWith(stack.op.issuer)),
        'no fallback redirect to the provider',
      );
      assert.equal(await providerAsksForCredentials(stack, page), true, 'the provider session is gone');
    }));
});

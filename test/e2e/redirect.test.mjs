import assert from 'node:assert/strict';
import { describe, it } from './support/node-test.mjs';
import {
  configureButton,
  endSessionRequests,
  signIn,
  signedIn,
  useStack,
  withSession,
  waitForEntry,
} from './support/stack.mjs';

const stack = useStack();

describe('redirect sign-out against a real oidc-provider', () => {
  stack.use();

  it('ends the provider session, verifies state and lands on after-url', () =>
    withSession(stack, async (session) => {
      const { page, log } = session;
      await signIn(stack, page);
      await page.evaluate(() => {
        localStorage.setItem('app.theme', 'dark');
        localStorage.setItem('app.cart', '3 items');
        sessionStorage.setItem('draft', 'unsent');
      });
      await configureButton(page, {
        state: 'e2e-state',
        'keep-storage': 'app.theme',
        'logout-hint': 'alice',
        'ui-locales': 'auto',
      });
      const before = endSessionRequests(stack.op).length;
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);

      const [request, ...more] = endSessionRequests(stack.op).slice(before);
      assert.equal(more.length, 0, 'one end-session request');
      const names = request.params.map(([name]) => name);
      assert.equal(names.filter((name) => name === 'client_id').length, 1, 'client_id exactly once');
      const params = Object.fromEntries(request.params);
      assert.equal(params.client_id, 'demo-spa');
      assert.match(params.id_token_hint, /^eyJ/);
      assert.equal(params.post_logout_redirect_uri, stack.pagesUrl('signed-out.html'));
      assert.equal(params.logout_hint, 'alice');
      assert.equal(params.ui_locales, 'en-GB');
      assert.ok(params.state, 'a state was sent');

      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.deepEqual(complete.detail, {
        mode: 'redirect',
        method: 'get',
        providerSession: 'redirecting',
        afterUrl: stack.pagesUrl('after.html'),
        revocation: 'skipped',
      });
      // Clearing came first, then the state was stored: the kept key and the new state survive.
      const stateKey = `sign-out-button.state.${params.state}`;
      assert.deepEqual(
        Object.keys(complete.storage.local).sort(),
        ['app.theme', stateKey, 'sign-out-button.pending'].sort(),
      );
      assert.equal(complete.storage.local['app.theme'], 'dark');
      assert.deepEqual(
        complete.storage.session,
        { 'sign-out-button.sent-here': JSON.stringify([params.state]) },
        "the stored user and the draft are gone; only this tab's record of the state it sent is there",
      );

      const completed = await waitForEntry(log, 'completed');
      assert.deepEqual(completed.detail, { state: 'e2e-state', afterUrl: stack.pagesUrl('after.html') });
      const storage = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
      const {
        'sign-out-button.recent-sign-outs': recent,
        'sign-out-button.listening': listening,
        ...local
      } = storage.local;
      assert.equal(listening, '1', 'the mark of a page that listens for sign-outs elsewhere');
      assert.deepEqual(
        { local, session: storage.session },
        { local: { 'app.theme': 'dark' }, session: {} },
        'the spent state is gone too',
      );
      assert.deepEqual(
        JSON.parse(recent).map(({ authority, clientId }) => ({ authority, clientId })),
        [{ authority: stack.op.issuer, clientId: 'demo-spa' }],
        'what is left is the record of this sign-out, for pages in the back/forward cache: no token',
      );

      // The provider session is really gone: signing in again asks for credentials.
      await page.goto(stack.pagesUrl('app.html'));
      await page.waitForSelector('#who:text("nobody")');
      await page.click('#sign-in');
      await page.waitForSelector('input[name=login]');
    }));
});

describe('the return page verifies state (real provider round trip)', () => {
  stack.use();

  /** Signs in, then signs out with the end-session request rewritten by `rewrite(url)`. */
  async function signOutRewritten(session, rewrite) {
    const { page } = session;
    await signedIn(stack, page);
    await configureButton(page, { state: 'tamper-test' });
    await page.route(
      (url) => url.pathname === stack.op.endSessionPath && url.origin === stack.op.issuer,
      (route) => {
        const url = new URL(route.request().url());
        rewrite(url);
        return route.continue({ url: url.href });
      },
    );
    await page.click('sign-out-button');
  }

  it('an altered state is rejected with state-mismatch, and after-url is not reached', () =>
    withSession(stack, async (session) => {
      await signOutRewritten(session, (url) => url.searchParams.set('state', 'forged-by-an-attacker'));
      const error = await waitForEntry(session.log, 'complete-error');
      assert.equal(error.detail.code, 'state-mismatch');
      assert.equal(await session.page.textContent('#result'), 'error: state-mismatch');
      assert.ok(!session.topLevel.some((url) => url.includes('/after.html')), 'no navigation to after-url');
    }));

  it('a state that was sent and did not come back is rejected with state-missing', () =>
    withSession(stack, async (session) => {
      await signOutRewritten(session, (url) => url.searchParams.delete('state'));
      const error = await waitForEntry(session.log, 'complete-error');
      assert.equal(error.detail.code, 'state-missing');
      assert.ok(!session.topLevel.some((url) => url.includes('/after.html')));
    }));

  it('a replayed return (the same state a second time) is rejected with state-mismatch', () =>
    withSession(stack, async (session) => {
      const { page, log } = session;
      await signedIn(stack, page);
      await configureButton(page, { state: 'once' });
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      assert.equal((await waitForEntry(log, 'completed')).detail.state, 'once');
      const returnUrl = session.topLevel.find((url) => url.includes('/signed-out.html?'));
      assert.match(returnUrl, /[?&]state=/);
      await page.goto(returnUrl);
      assert.equal((await waitForEntry(log, 'complete-error')).detail.code, 'state-mismatch');
    }));
});

describe('end-session parameters', () => {
  stack.use();

  it('without an ID token, client_id is still sent once and the provider asks the user to confirm', () =>
    withSession(stack, async (session) => {
      const { page, log } = session;
      await signedIn(stack, page);
      // The site lost its ID token (e.g. another tab cleared it); the provider session lives on.
      await page.evaluate(() => sessionStorage.clear());
      const before = endSessionRequests(stack.op).length;
      await page.click('sign-out-button');
      await page.waitForSelector('#confirm-logout');
      const [request] = endSessionRequests(stack.op).slice(before);
      const names = request.params.map(([name]) => name);
      assert.deepEqual(
        names.filter((name) => name === 'client_id'),
        ['client_id'],
      );
      assert.ok(!names.includes('id_token_hint'));
      assert.match(await page.textContent('h1'), /Do you want to sign out/);
      // The user confirms; the return page still verifies the state and goes on to after-url.
      await page.click('#confirm-logout');
      await page.waitForURL(/\/after\.html/);
      assert.equal((await waitForEntry(log, 'completed')).detail.afterUrl, stack.pagesUrl('after.html'));
      await page.goto(stack.pagesUrl('app.html'));
      await page.click('#sign-in');
      await page.waitForSelector('input[name=login]');
    }));

  it("an SPA's own UserManager is used: its ID token is sent and its userUnloaded event fires", () =>
    withSession(stack, async (session) => {
      const { page, log } = session;
      await signedIn(stack, page);
      const idToken = await page.evaluate(() => window.storedIdToken());
      const before = endSessionRequests(stack.op).length;
      // Navigation starts right after the promise resolves: read what the page reports first.
      const outcome = await page.evaluate(() =>
        window.spaSignOut({
          postLogoutRedirectUri: `${location.origin}/test/e2e/pages/signed-out.html`,
          afterUrl: `${location.origin}/test/e2e/pages/after.html`,
          state: { from: 'spa', n: 1 },
          extraParams: { federated: true },
        }),
      );
      assert.equal(outcome.unloaded, 1, 'the SPA heard its user unload');
      assert.equal(outcome.result.providerSession, 'redirecting');
      await page.waitForURL(/\/after\.html/);
      const [request] = endSessionRequests(stack.op).slice(before);
      const params = Object.fromEntries(request.params);
      assert.equal(params.id_token_hint, idToken);
      assert.equal(params.federated, 'true');
      assert.deepEqual((await waitForEntry(log, 'completed')).detail.state, { from: 'spa', n: 1 });
    }));

  it('local mode signs out of the site and never contacts the provider', () =>
    withSession(stack, async (session) => {
      const { page, log } = session;
      await signedIn(stack, page);
      const providerRequests = [];
      page.on('request', (request) => {
        if (request.url().startsWith(stack.op.issuer)) providerRequests.push(request.url());
      });
      const seenByProvider = stack.op.requests.length;
      await configureButton(page, { mode: 'local', 'post-logout-redirect-uri': null });
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.deepEqual(complete.detail, {
        mode: 'local',
        method: null,
        providerSession: 'skipped',
        afterUrl: stack.pagesUrl('after.html'),
        revocation: 'skipped',
      });
      assert.deepEqual(complete.storage.session, {}, 'the stored user is gone');
      assert.deepEqual(providerRequests, []);
      assert.equal(stack.op.requests.length, seenByProvider, 'the provider saw nothing');
      // The provider session survives a local sign-out: signing in again needs no credentials.
      await page.goto(stack.pagesUrl('app.html'));
      await page.click('#sign-in');
      await page.waitForSelector('#who:text("alice")');
    }));
});

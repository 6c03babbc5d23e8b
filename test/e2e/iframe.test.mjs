import assert from 'node:assert/strict';
import { describe, it } from './support/node-test.mjs';
import {
  configureButton,
  discoveryRequests,
  endSessionRequests,
  providerAsksForCredentials,
  signedIn,
  terminalEvents,
  useStack,
  waitForEntry,
  withSession,
} from './support/stack.mjs';

const stack = useStack();

describe('iframe sign-out, page and provider on the same site', () => {
  stack.use();

  it('ends the provider session in the hidden iframe, confirmed by the return page, then goes to after-url', () =>
    withSession(stack, async ({ page, log, topLevel }) => {
      await signedIn(stack, page);
      // 30 s to confirm: under load the 5 s default can run out and fall back to a redirect.
      await configureButton(page, { mode: 'iframe', state: 'framed', timeout: '30000' });
      const before = endSessionRequests(stack.op).length;
      const navigationsBefore = topLevel.length;
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);

      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.deepEqual(complete.detail, {
        mode: 'iframe',
        method: 'get',
        providerSession: 'ended',
        afterUrl: stack.pagesUrl('after.html'),
        revocation: 'skipped',
      });
      assert.equal(complete.frames, 0, 'the iframe was removed before sign-out-complete');
      assert.deepEqual(complete.storage, { local: {}, session: {} }, 'the verified state was consumed too');
      assert.equal(terminalEvents(log).length, 1, 'exactly one terminal event');
      const framed = log.find((entry) => entry.type === 'completed');
      assert.equal(framed.page, '/test/e2e/pages/signed-out.html', 'the return page ran inside the iframe');
      assert.equal(framed.detail.state, 'framed');

      assert.equal(endSessionRequests(stack.op).length - before, 1);
      const afterClick = topLevel.slice(navigationsBefore);
      assert.ok(!afterClick.some((url) => url.startsWith(stack.op.issuer)), 'no top-level visit to the provider');
      assert.equal(await providerAsksForCredentials(stack, page), true, 'the provider session is gone');
    }));

  it('a server-rendered page (end-session-endpoint + id-token-hint, no stored user) signs out the same way', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      const idToken = await page.evaluate(() => window.storedIdToken());
      // The page knows only the token and the endpoint: no oidc-client-ts user, no discovery.
      await page.evaluate(() => sessionStorage.clear());
      await configureButton(page, {
        mode: 'iframe',
        authority: null,
        'client-id': null,
        'end-session-endpoint': `${stack.op.issuer}${stack.op.endSessionPath}`,
        'id-token-hint': idToken,
      });
      const discoveryBefore = discoveryRequests(stack.op).length;
      const before = endSessionRequests(stack.op).length;
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.providerSession, 'ended');
      const [request] = endSessionRequests(stack.op).slice(before);
      assert.equal(Object.fromEntries(request.params).id_token_hint, idToken);
      const discoveryAfter = discoveryRequests(stack.op).length;
      assert.equal(discoveryAfter, discoveryBefore, 'no discovery');
      assert.equal(await providerAsksForCredentials(stack, page), true);
    }));

  it('a provider that asks for confirmation is not confirmed in time: the fallback shows it at top level', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      // Without the ID token the provider asks the user, which nobody sees in a hidden iframe.
      await page.evaluate(() => sessionStorage.clear());
      await configureButton(page, { mode: 'iframe', timeout: '1500' });
      await page.click('sign-out-button');
      await page.waitForURL((url) => url.href.startsWith(stack.op.issuer));
      await page.waitForSelector('#confirm-logout');
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.providerSession, 'redirecting');
      assert.equal(complete.frames, 0, 'the unconfirmed iframe was removed');
      assert.equal(terminalEvents(log).length, 1);
      await page.click('#confirm-logout');
      await page.waitForURL(/\/after\.html/);
    }));
});

describe('iframe sign-out, page and provider on different sites (localhost vs 127.0.0.1)', () => {
  stack.use({ pagesHost: 'localhost' });

  it('is not confirmed (the browser keeps the provider cookies from the iframe): fallback redirect ends the session', () =>
    withSession(stack, async ({ page, log, topLevel }) => {
      assert.match(stack.pages.origin, /^http:\/\/localhost:/);
      await signedIn(stack, page);
      await configureButton(page, { mode: 'iframe', timeout: '1500', state: 'cross-site' });
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.providerSession, 'redirecting');
      assert.equal(complete.detail.mode, 'iframe');
      assert.equal(complete.frames, 0);
      assert.equal(terminalEvents(log).length, 1);
      assert.ok(
        topLevel.some((url) => url.startsWith(`${stack.op.issuer}${stack.op.endSessionPath}`)),
        'the fallback went top level',
      );
      const completed = log.filter((entry) => entry.type === 'completed');
      assert.deepEqual(completed.at(-1).detail, { state: 'cross-site', afterUrl: stack.pagesUrl('after.html') });
      assert.equal(await providerAsksForCredentials(stack, page), true, 'the provider session is gone');
    }));

  it('with fallback="none" it finishes honestly as unconfirmed, and the provider session is indeed still there', () =>
    withSession(stack, async ({ page, log, topLevel }) => {
      await signedIn(stack, page);
      await configureButton(page, { mode: 'iframe', timeout: '1500', fallback: 'none' });
      const navigationsBefore = topLevel.length;
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.deepEqual(complete.detail, {
        mode: 'iframe',
        method: 'get',
        providerSession: 'unconfirmed',
        afterUrl: stack.pagesUrl('after.html'),
        revocation: 'skipped',
      });
      assert.equal(complete.frames, 0);
      assert.equal(terminalEvents(log).length, 1);
      assert.deepEqual(complete.storage.session, {}, 'signed out of the site all the same');
      assert.ok(!topLevel.slice(navigationsBefore).some((url) => url.startsWith(stack.op.issuer)));
      assert.equal(await providerAsksForCredentials(stack, page), false, 'the provider session survived');
    }));
});

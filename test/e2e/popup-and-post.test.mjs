import assert from 'node:assert/strict';
import { describe, it } from './support/node-test.mjs';
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

describe('method="auto" with an ID token too large for a GET URL', () => {
  stack.use();

  it('method="get" fails at the provider: the URL is over its 8 KiB request-head limit (431)', () =>
    withSession(stack, async ({ page }) => {
      await signedIn(stack, page, 'big-alice');
      const idToken = await page.evaluate(() => window.storedIdToken());
      assert.ok(idToken.length > 9000, `a large ID token (${idToken.length} characters)`);
      await configureButton(page, { method: 'get' });
      const response = page.waitForResponse((answer) => answer.url().startsWith(`${stack.op.issuer}/session/end`));
      const errorPage = page.waitForEvent('framenavigated', (frame) => frame.url().startsWith('chrome-error://'));
      await page.click('sign-out-button');
      assert.equal((await response).status(), 431);
      await errorPage;
      assert.equal(await providerAsksForCredentials(stack, page, 'big-alice'), false, 'the provider session survived');
    }));

  it('method="auto" (the default) switches to a form POST, which succeeds', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page, 'big-bob');
      await configureButton(page, { state: 'big' });
      const before = endSessionRequests(stack.op).length;
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.method, 'post');
      const [request] = endSessionRequests(stack.op).slice(before);
      assert.equal(request.method, 'POST');
      assert.ok(Object.fromEntries(request.params).id_token_hint.length > 9000);
      assert.equal((await waitForEntry(log, 'completed')).detail.state, 'big');
      assert.equal(await providerAsksForCredentials(stack, page, 'big-bob'), true, 'the provider session is gone');
    }));

  it('a normal ID token stays on GET under method="auto"', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      assert.equal((await waitForEntry(log, 'sign-out-complete')).detail.method, 'get');
    }));
});

describe('form POST into the hidden iframe and the popup', () => {
  stack.use();

  for (const mode of ['iframe', 'popup']) {
    it(`${mode}: the form targets the ${mode}, the page keeps no form and no token`, () =>
      withSession(stack, async ({ page, log }) => {
        await signedIn(stack, page);
        const idToken = await page.evaluate(() => window.storedIdToken());
        await configureButton(page, { mode, method: 'post', timeout: '10000', 'after-url': null });
        const before = endSessionRequests(stack.op).length;
        await page.click('sign-out-button');
        const complete = await waitForEntry(log, 'sign-out-complete');
        assert.deepEqual(complete.detail, {
          mode,
          method: 'post',
          providerSession: 'ended',
          afterUrl: null,
          revocation: 'skipped',
        });
        const [request] = endSessionRequests(stack.op).slice(before);
        assert.equal(request.method, 'POST');
        assert.equal(Object.fromEntries(request.params).id_token_hint, idToken);
        const dom = await page.evaluate(() => ({
          forms: document.querySelectorAll('form').length,
          frames: document.querySelectorAll('iframe').length,
          html: document.documentElement.outerHTML,
        }));
        assert.deepEqual({ forms: dom.forms, frames: dom.frames }, { forms: 0, frames: 0 });
        assert.ok(!dom.html.includes(idToken), 'no token in the DOM');
        assert.equal(await providerAsksForCredentials(stack, page), true);
      }));
  }
});

describe('popup blocked or closed', () => {
  stack.use();

  /** A popup blocker answers window.open with null. */
  const blockPopups = (page) => page.evaluate(() => (window.open = () => null));

  it('blocked, fallback="redirect": signs out at top level instead', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      await blockPopups(page);
      await configureButton(page, { mode: 'popup', state: 'was-blocked' });
      await page.click('sign-out-button');
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.providerSession, 'redirecting');
      assert.equal((await waitForEntry(log, 'completed')).detail.state, 'was-blocked');
      assert.equal(await providerAsksForCredentials(stack, page), true);
    }));

  it('blocked, fallback="none": popup-blocked, after the local sign-out', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      await blockPopups(page);
      await configureButton(page, { mode: 'popup', fallback: 'none' });
      await page.click('sign-out-button');
      const error = await waitForEntry(log, 'sign-out-error');
      assert.equal(error.detail.code, 'popup-blocked');
      assert.deepEqual(error.storage.session, {}, 'signed out of the site');
      assert.equal(terminalEvents(log).length, 1);
      assert.equal(await providerAsksForCredentials(stack, page), false, 'the provider was not reached');
    }));

  /** Signs in, loses the ID token (so the provider asks), clicks, and closes the popup at the question. */
  async function closePopupAtConfirmation(page, attributes) {
    await signedIn(stack, page);
    await page.evaluate(() => sessionStorage.clear());
    // A popup that looks closed may only be cut off by Cross-Origin-Opener-Policy and still report
    // back: only the timeout ends the wait, so it is short here.
    await configureButton(page, { mode: 'popup', timeout: '3000', ...attributes });
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('sign-out-button')]);
    await popup.waitForSelector('#confirm-logout');
    await popup.close();
  }

  it('closed by the user, fallback="none": unconfirmed at timeout, and the provider session is indeed still there', () =>
    withSession(stack, async ({ page, log }) => {
      await closePopupAtConfirmation(page, { fallback: 'none' });
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.providerSession, 'unconfirmed');
      assert.equal(terminalEvents(log).length, 1);
      assert.equal(await providerAsksForCredentials(stack, page), false);
    }));

  it('closed by the user, fallback="redirect": at timeout the question comes back at top level', () =>
    withSession(stack, async ({ page, log }) => {
      await closePopupAtConfirmation(page, {});
      await page.waitForURL((url) => url.href.startsWith(stack.op.issuer));
      await page.waitForSelector('#confirm-logout');
      assert.equal((await waitForEntry(log, 'sign-out-complete')).detail.providerSession, 'redirecting');
      await page.click('#confirm-logout');
      await page.waitForURL(/\/after\.html/);
      assert.equal(await providerAsksForCredentials(stack, page), true);
    }));

  it('not confirmed within timeout, fallback="none": unconfirmed; the popup, without an opener, can still finish', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      await page.evaluate(() => sessionStorage.clear());
      await configureButton(page, { mode: 'popup', timeout: '2500', fallback: 'none' });
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('sign-out-button')]);
      await popup.waitForSelector('#confirm-logout');
      assert.equal(await popup.evaluate(() => window.opener), null, "the provider's page has no handle on the site");
      await page.waitForURL(/\/after\.html/);
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.providerSession, 'unconfirmed');
      // Chromium does not let a page close a window it cut off from itself once that window went
      // to another site: the question stays, and the person can still answer it.
      await popup.click('#confirm-logout');
      await popup.waitForEvent('close');
      assert.equal(await providerAsksForCredentials(stack, page), true, 'the late answer ended the provider session');
      assert.equal(terminalEvents(log).length, 1, 'the late report starts nothing on the page');
    }));
});

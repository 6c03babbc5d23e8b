import assert from 'node:assert/strict';
import { describe, it } from './support/node-test.mjs';
import { signedIn, useStack, withSession, waitForEntry } from './support/stack.mjs';

const stack = useStack();

/** Seeds app data, clicks the button, and returns the `sign-out-error` entry. */
async function clickAndExpectError(page, log) {
  await page.evaluate(() => {
    localStorage.setItem('app.cart', '3 items');
    sessionStorage.setItem('draft', 'unsent');
  });
  await page.click('sign-out-button');
  return waitForEntry(log, 'sign-out-error');
}

describe('a provider without RP-Initiated Logout', () => {
  stack.use({ rpInitiatedLogout: false });

  it('fails with no-end-session-endpoint after the local sign-out is complete', () =>
    withSession(stack, async (session) => {
      const { page, log } = session;
      await signedIn(stack, page);
      const error = await clickAndExpectError(page, log);
      assert.equal(error.detail.code, 'no-end-session-endpoint');
      assert.deepEqual(error.storage, { local: {}, session: {} }, 'user and app data were cleared before the error');
      assert.deepEqual(
        log.map((entry) => entry.type),
        ['sign-out-start', 'sign-out-error'],
      );
      assert.match(page.url(), /\/app\.html$/, 'the page stays');
      assert.equal(await page.getAttribute('sign-out-button', 'busy'), null, 'ready again');
    }));
});

describe('a provider that is down', () => {
  // This provider is stopped by the test: one of its own, not the file's.
  stack.use({ ownProvider: true });

  it('fails with discovery after the local sign-out is complete', () =>
    withSession(stack, async (session) => {
      const { page, log } = session;
      await signedIn(stack, page);
      await stack.op.close();
      const error = await clickAndExpectError(page, log);
      assert.equal(error.detail.code, 'discovery');
      assert.deepEqual(error.storage, { local: {}, session: {} });
      assert.deepEqual(
        log.map((entry) => entry.type),
        ['sign-out-start', 'sign-out-error'],
      );
      assert.doesNotMatch(error.detail.message, /eyJ/, 'no token in the message');
    }));
});

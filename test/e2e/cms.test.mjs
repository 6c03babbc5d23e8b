import assert from 'node:assert/strict';
import { describe, it } from './support/node-test.mjs';
import { discoveryRequests, endSessionRequests, useStack, watchRequests, withSession } from './support/stack.mjs';

const stack = useStack();

const CHUNK = /\/dist\/cdn\/oidc-client-ts-[\w-]+\.js$/;

/** The page's own scripts; the dev server's HMR client (/@vite/client) is test plumbing, not the page's. */
const pageScripts = (page) =>
  page.$$eval('script', (scripts) =>
    scripts.filter((script) => !script.src.endsWith('/@vite/client')).map((script) => script.src || 'inline'),
  );

/** Signs in through the CMS page's own "Sign in" link (provider, then the site's session). */
async function signInFrom(stack, page, path) {
  await page.goto(stack.demoUrl(path));
  await page.click('#sign-in');
  await page.fill('input[name=login]', 'alice');
  await page.fill('input[name=password]', 'any password');
  await page.click('button[type=submit]');
  await page.waitForURL((url) => url.href === stack.demoUrl(path));
}

describe('the hosted-site (CMS) page', () => {
  stack.use();

  for (const [path, dropIn] of [
    ['cms/', '/dist/cdn/sign-out-button.js'],
    ['cms/classic.html', '/dist/cdn/sign-out-button.iife.js'],
  ]) {
    it(`${path}: one drop-in script and one tag sign out of provider and site`, () =>
      withSession(stack, async ({ page, topLevel }) => {
        await signInFrom(stack, page, path);
        assert.deepEqual(await pageScripts(page), [`${stack.pages.origin}${dropIn}`], 'no other script on the page');
        const events = [];
        await page.exposeFunction('recordEvent', (type, detail) => events.push({ type, detail }));
        await page.evaluate(() => {
          for (const type of ['sign-out-start', 'sign-out-complete', 'sign-out-error']) {
            document.addEventListener(type, (event) => window.recordEvent(type, event.detail));
          }
        });
        const before = endSessionRequests(stack.op).length;
        const navigationsBefore = topLevel.length;
        await page.click('sign-out-button');
        await page.waitForURL(/\/site\/logout$/);

        assert.equal(await page.textContent('#site-session'), 'The site session was active and has been ended.');
        assert.deepEqual(
          events.map((event) => event.type),
          ['sign-out-start', 'sign-out-complete'],
        );
        assert.equal(events[1].detail.providerSession, 'ended');
        assert.equal(endSessionRequests(stack.op).length - before, 1, 'the provider was reached (in the iframe)');
        assert.ok(!topLevel.slice(navigationsBefore).some((url) => url.startsWith(stack.op.issuer)));

        // The provider session is gone: signing in again asks for credentials.
        await page.goto(stack.demoUrl(path));
        await page.click('#sign-in');
        await page.waitForSelector('input[name=login]');
      }));
  }

  it('the classic script sets window.SignOutButton to the API', () =>
    withSession(stack, async ({ page }) => {
      await page.goto(stack.demoUrl('cms/classic.html'));
      const api = await page.evaluate(() => Object.keys(window.SignOutButton).sort());
      assert.deepEqual(api, [
        'SignOutError',
        'completeSignOut',
        'handleFrontChannelLogout',
        'onRemoteSignOut',
        'prepareSignOut',
        'signOut',
      ]);
      assert.equal(await page.evaluate(() => customElements.get('sign-out-button') !== undefined), true);
    }));

  it('the ES module exports the API; its other exports are the internals its chunks import from it', () =>
    withSession(stack, async ({ page }) => {
      await page.goto(stack.demoUrl('cms/'));
      const exported = await page.evaluate(async () => {
        const module = await import('/dist/cdn/sign-out-button.js');
        return Object.entries(module).map(([name, value]) => [name, typeof value]);
      });
      const api = {
        SignOutButton: 'function',
        SignOutError: 'function',
        completeSignOut: 'function',
        handleFrontChannelLogout: 'function',
        onRemoteSignOut: 'function',
        prepareSignOut: 'function',
        signOut: 'function',
      };
      assert.deepEqual(Object.fromEntries(exported.filter(([name]) => name in api)), api);
      // The shell stays one file (a strict entry signature would put it in a second one): the
      // lazily loaded chunks import its modules through these minified names.
      const internal = exported.filter(([name]) => !(name in api)).map(([name]) => name);
      assert.ok(
        internal.every((name) => /^[\w$]{1,2}$/.test(name)),
        internal.join(', '),
      );
    }));

  it('the ES module build fetches the oidc-client-ts chunk only when the button is used', () =>
    withSession(stack, async ({ page }) => {
      const chunkRequests = watchRequests(page, CHUNK);
      await page.goto(stack.demoUrl('cms/'), { waitUntil: 'networkidle' });
      assert.equal(await page.evaluate(() => customElements.get('sign-out-button') !== undefined), true);
      assert.deepEqual(chunkRequests, [], 'not fetched on page load');
      await page.click('sign-out-button');
      await page.waitForURL(/\/site\/logout$/);
      assert.equal(chunkRequests.length, 1, 'fetched once the button was used');
    }));

  it('the ES module build fetches the oidc-client-ts chunk when prepareSignOut() is called', () =>
    withSession(stack, async ({ page }) => {
      const chunkRequests = watchRequests(page, CHUNK);
      await page.goto(stack.demoUrl('cms/'), { waitUntil: 'networkidle' });
      assert.deepEqual(chunkRequests, []);
      const discoveryBefore = discoveryRequests(stack.op).length;
      await page.evaluate(async (authority) => {
        const { prepareSignOut } = await import('/dist/cdn/sign-out-button.js');
        await prepareSignOut({ authority, clientId: 'demo-spa' });
      }, stack.op.issuer);
      assert.equal(chunkRequests.length, 1);
      const discoveryAfter = discoveryRequests(stack.op).length;
      assert.equal(discoveryAfter - discoveryBefore, 1, 'the discovery document was fetched ahead');
    }));
});

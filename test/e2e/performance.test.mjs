// The drop-in module's first load is the element's shell; the sign-out code,
// oidc-client-ts and the discovery document come on intent (a hover, a focus, a touch), once, so
// that the click after it waits on no network. The built module (dist/cdn), the real provider.
import assert from 'node:assert/strict';
import { describe, it } from './support/node-test.mjs';
import { discoveryRequests, endSessionRequests, useStack, withSession } from './support/stack.mjs';

const stack = useStack();

const FIRST_LOAD = '/dist/cdn/sign-out-button.js';
const LAZY = {
  // sign-out-<hash>.js: the sign-out chunk (not the first load, not the shared chunk beside it).
  signOut: /\/dist\/cdn\/sign-out-(?!button\.js|shared-)[\w-]+\.js$/,
  oidcClientTs: /\/dist\/cdn\/oidc-client-ts-[\w-]+\.js$/,
};

/** Every request the page makes from now on, in order: its path (pages) or URL (provider). */
function recordRequests(page, stack) {
  const requests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    // The dev server's own client script is test plumbing, not the page's.
    if (url.pathname.startsWith('/@vite/')) return;
    requests.push(url.origin === stack.pages.origin ? url.pathname : url.href);
  });
  return requests;
}

const scriptsOf = (requests) => requests.filter((path) => path.startsWith('/dist/'));
const providerRequests = (requests, stack) => requests.filter((url) => url.startsWith(stack.op.issuer));

/** Opens the page with `count` buttons and waits until it is quiet. */
async function openButtons(stack, page, count = 1) {
  await page.goto(`${stack.pagesUrl('buttons.html')}?n=${count}`, { waitUntil: 'networkidle' });
  await page.waitForFunction((n) => document.querySelectorAll('sign-out-button').length === n, count);
  await page.evaluate(() =>
    Promise.all([...document.querySelectorAll('sign-out-button')].map((el) => el.updateComplete)),
  );
}

/** Waits until `check()` holds, `ms` at most; `what` (a string, or a function for the details) names it. */
async function until(check, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The page's end-session request. It is answered 204 No Content here, so that the page stays and
 * nothing after it (the provider's own pages) can hold the test: what is tested is the page's
 * requests up to it. `left` resolves once it left the page; `seen` lists each one answered.
 */
async function endSessionRequest(page, stack) {
  const isEndSession = (url) => url.startsWith(`${stack.op.issuer}${stack.op.endSessionPath}?`);
  const seen = [];
  await page.route(
    (url) => isEndSession(url.href),
    (route) => {
      seen.push(route.request().url());
      return route.fulfill({ status: 204 });
    },
  );
  return { seen, left: page.waitForRequest((request) => isEndSession(request.url()), { timeout: 10000 }) };
}

/** Waits until the page has fetched what a hover warms: the chunks and the discovery document. */
function waitForWarm(requests, stack) {
  return until(
    () =>
      requests.some((path) => LAZY.signOut.test(path)) &&
      requests.some((path) => LAZY.oidcClientTs.test(path)) &&
      requests.some((url) => url === `${stack.op.issuer}/.well-known/openid-configuration`),
    () => `warmed: ${JSON.stringify(requests)}`,
    10000,
  );
}

/**
 * The visitor's next page: opened with nothing hovered, then clicked by a script, up to the
 * end-session request leaving it. Returns the page's requests from that page on.
 */
async function coldClickOnNextPage(stack, page, requests) {
  const fromReload = requests.length;
  await page.mouse.move(0, 0);
  await openButtons(stack, page);
  const endSession = await endSessionRequest(page, stack);
  await page.evaluate(() => document.querySelector('sign-out-button').click());
  await endSession.left;
  return requests.slice(fromReload);
}

describe('performance: the first load, and warming on intent', () => {
  stack.use();

  it('a page that shows a button fetches the first-load file and nothing else: no chunk, no discovery', () =>
    withSession(stack, async ({ page }) => {
      const requests = recordRequests(page, stack);
      const discoveryBefore = discoveryRequests(stack.op).length;
      await openButtons(stack, page);
      await page.waitForTimeout(300);
      assert.deepEqual(scriptsOf(requests), [FIRST_LOAD]);
      assert.deepEqual(providerRequests(requests, stack), []);
      assert.equal(discoveryRequests(stack.op).length, discoveryBefore, 'the provider saw no discovery request');
    }));

  it('a page with 1,000 buttons and no interaction fetches nothing but the first-load file', () =>
    withSession(stack, async ({ page }) => {
      const requests = recordRequests(page, stack);
      await openButtons(stack, page, 1000);
      await page.waitForTimeout(300);
      assert.equal(await page.locator('sign-out-button').count(), 1000);
      assert.equal(
        await page.evaluate(() =>
          [...document.querySelectorAll('sign-out-button')].every((el) => el.shadowRoot.querySelector('button')),
        ),
        true,
        'every button rendered',
      );
      assert.deepEqual(scriptsOf(requests), [FIRST_LOAD]);
      assert.deepEqual(providerRequests(requests, stack), []);
    }));

  it('a hover fetches the chunks and the discovery document, once; more hovers and a focus fetch nothing more', () =>
    withSession(stack, async ({ page }) => {
      const requests = recordRequests(page, stack);
      await openButtons(stack, page, 3);
      const discoveryBefore = discoveryRequests(stack.op).length;
      const buttons = page.locator('sign-out-button');
      await buttons.nth(0).hover();
      await waitForWarm(requests, stack);
      // Away and back, the other buttons, the keyboard: all the same sign-out, already warm.
      await page.mouse.move(0, 0);
      await buttons.nth(0).hover();
      await buttons.nth(1).hover();
      await buttons.nth(2).focus();
      await page.waitForTimeout(500);
      const count = (pattern) => requests.filter((path) => pattern.test(path)).length;
      assert.equal(count(LAZY.signOut), 1, 'the sign-out chunk, once');
      assert.equal(count(LAZY.oidcClientTs), 1, 'the oidc-client-ts chunk, once');
      assert.equal(discoveryRequests(stack.op).length - discoveryBefore, 1, 'the discovery document, once');
      assert.equal(endSessionRequests(stack.op).length, 0, 'intent signs nobody out');
    }));

  it('a keyboard focus warms too', () =>
    withSession(stack, async ({ page }) => {
      const requests = recordRequests(page, stack);
      await openButtons(stack, page);
      await page.keyboard.press('Tab');
      await waitForWarm(requests, stack);
      assert.equal(await page.evaluate(() => document.activeElement?.localName), 'sign-out-button');
    }));

  it('a click after a hover makes no network request before the end-session navigation', () =>
    withSession(stack, async ({ page }) => {
      const requests = recordRequests(page, stack);
      await openButtons(stack, page);
      await page.locator('sign-out-button').hover();
      await waitForWarm(requests, stack);
      await page.waitForTimeout(200);
      const fromClick = requests.length;
      const endSession = await endSessionRequest(page, stack);
      await page.locator('sign-out-button').click();
      await endSession.left;
      const afterClick = requests.slice(fromClick);
      assert.ok(afterClick.length > 0, 'the end-session request was seen');
      assert.ok(
        afterClick[0].startsWith(`${stack.op.issuer}${stack.op.endSessionPath}?`),
        `the first request after the click is the end-session request: ${JSON.stringify(afterClick)}`,
      );
      await until(() => endSession.seen.length === 1, 'the end-session request, once');
    }));

  it('a click with no hover first (a script calling click()) still works: it loads what it needs then', () =>
    withSession(stack, async ({ page }) => {
      const requests = recordRequests(page, stack);
      await openButtons(stack, page);
      const endSession = await endSessionRequest(page, stack);
      await page.evaluate(() => document.querySelector('sign-out-button').click());
      await endSession.left;
      const order = requests.filter((path) => LAZY.signOut.test(path) || path.includes(stack.op.endSessionPath));
      assert.ok(LAZY.signOut.test(order[0]) && order.at(-1).includes(stack.op.endSessionPath), JSON.stringify(order));
    }));
});

describe('performance: a repeat visit, the provider letting its discovery document be kept', () => {
  stack.use({ discoveryCacheControl: 'public, max-age=300' });

  it('a cold click on the next page sends the end-session request with no discovery request before it', () =>
    withSession(stack, async ({ page }) => {
      const requests = recordRequests(page, stack);
      await openButtons(stack, page);
      await page.locator('sign-out-button').hover();
      await waitForWarm(requests, stack);
      // The document is kept once its answer is read, a moment after the request was seen.
      const key = `sign-out-button.discovery:${stack.op.issuer}`;
      await page.waitForFunction((name) => localStorage.getItem(name) !== null, key, { timeout: 10000 });
      const kept = await page.evaluate((name) => JSON.parse(localStorage.getItem(name)), key);
      assert.equal(kept.document.issuer, stack.op.issuer, 'the document is kept');
      const left = kept.expires - Date.now();
      assert.ok(left > 250_000 && left <= 300_000, `for the max-age the provider gave: ${left} ms`);
      assert.doesNotMatch(JSON.stringify(kept), /eyJ/, 'no token in it');

      const afterReload = await coldClickOnNextPage(stack, page, requests);
      assert.deepEqual(
        providerRequests(afterReload, stack).map((url) => new URL(url).pathname),
        [stack.op.endSessionPath],
        `no discovery: ${JSON.stringify(afterReload)}`,
      );
    }));
});

describe('performance: a provider that says nothing about caching (oidc-provider as it is)', () => {
  stack.use();

  it('keeps nothing: the next page asks for the discovery document again', () =>
    withSession(stack, async ({ page }) => {
      const requests = recordRequests(page, stack);
      await openButtons(stack, page);
      await page.locator('sign-out-button').hover();
      await waitForWarm(requests, stack);
      assert.equal(
        await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('discovery')).length),
        0,
      );
      const afterReload = await coldClickOnNextPage(stack, page, requests);
      assert.deepEqual(
        providerRequests(afterReload, stack).map((url) => new URL(url).pathname),
        ['/.well-known/openid-configuration', stack.op.endSessionPath],
      );
    }));
});

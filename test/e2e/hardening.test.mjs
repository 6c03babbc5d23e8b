import assert from 'node:assert/strict';
import { request } from 'node:http';
import { MAX_LOGGED_REQUESTS, startProvider } from '../../demo/provider.mjs';
import { describe, it } from './support/node-test.mjs';
import {
  configureButton,
  endSessionRequests,
  providerAsksForCredentials,
  signedIn,
  startPages,
  terminalEvents,
  useStack,
  waitForEntry,
  withSession,
} from './support/stack.mjs';

const stack = useStack();

// What a hostile provider publishes: script that, run anywhere with the site's origin, marks the
// page that opened it (a frame's parent is its top, a popup's is its opener).
const HOSTILE_ENDPOINT = 'javascript:(window.opener||window.top).__pwned=1;void 0//';

describe('a provider whose discovery document publishes a javascript: end_session_endpoint', () => {
  stack.use({ discoveryOverrides: { end_session_endpoint: HOSTILE_ENDPOINT } });

  const cases = [
    ['redirect GET', { method: 'get' }],
    ['redirect POST', { method: 'post' }],
    ['iframe', { mode: 'iframe' }],
    ['popup', { mode: 'popup' }],
  ];
  for (const [what, attributes] of cases) {
    it(`${what}: unsafe-url after the local sign-out; the script never runs`, () =>
      withSession(stack, async ({ context, page, log }) => {
        await signedIn(stack, page);
        await page.evaluate(() => localStorage.setItem('app.cart', '3'));
        await configureButton(page, attributes);
        const before = endSessionRequests(stack.op).length;
        await page.click('sign-out-button');
        const error = await waitForEntry(log, 'sign-out-error');
        await page.waitForTimeout(300);

        assert.equal(error.detail.code, 'unsafe-url');
        assert.deepEqual(error.storage, { local: {}, session: {} }, 'the local sign-out completed first');
        assert.equal(terminalEvents(log).length, 1);
        assert.equal(await page.evaluate(() => window.__pwned), undefined, 'the script never ran');
        assert.match(page.url(), /\/app\.html$/, 'the page never left');
        assert.equal(await page.evaluate(() => document.querySelectorAll('iframe, form').length), 0);
        assert.equal(context.pages().length, 1, 'no popup left open');
        assert.equal(endSessionRequests(stack.op).length, before, 'nothing was sent');
      }));
  }
});

describe('popup with a provider that sends Cross-Origin-Opener-Policy: same-origin', () => {
  stack.use({ headers: { 'Cross-Origin-Opener-Policy': 'same-origin' } });

  it('the popup looks closed at once, but its return report still confirms the sign-out', () =>
    withSession(stack, async ({ page, log }) => {
      await signedIn(stack, page);
      // No ID token: the provider asks in the popup, and the person takes a moment to answer.
      await page.evaluate(() => sessionStorage.clear());
      await configureButton(page, { mode: 'popup', timeout: '10000', fallback: 'none', state: 'coop' });
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('sign-out-button')]);
      await popup.waitForSelector('#confirm-logout');
      await page.waitForTimeout(1000);
      assert.equal(terminalEvents(log).length, 0, 'still waiting, although the opener sees the popup as closed');
      await popup.click('#confirm-logout');
      await page.waitForURL(/\/after\.html/, { timeout: 15000 });
      const complete = await waitForEntry(log, 'sign-out-complete');
      assert.equal(complete.detail.providerSession, 'ended');
      assert.equal(terminalEvents(log).length, 1);
      const completed = await waitForEntry(log, 'completed');
      assert.equal(completed.detail.state, 'coop', 'the return page ran in the popup and verified the state');
      assert.equal(await providerAsksForCredentials(stack, page), true, 'the provider session is gone');
    }));
});

describe("the demo site's login return parameter", () => {
  it('sends a browser only to pages of the site: an absolute URL on its own origin', async () => {
    const pages = await startPages();
    try {
      // The query as it arrives: %09 decodes to a tab, which URL parsing drops (`//evil.example`);
      // `/.//evil.example` resolves to the path `//evil.example`, another host to a browser.
      const cases = [
        ['/demo/cms/', '/demo/cms/'],
        ['%2Fdemo%2F%3Fa%3D1', '/demo/?a=1'],
        ['/.//evil.example/x', '/evil.example/x'],
        ['/\\evil.example', '/demo/'],
        ['/%09/evil.example', '/demo/'],
        ['/%5Cevil.example', '/demo/'],
        ['//evil.example', '/demo/'],
        ['/%2F/evil.example', '/demo/'],
        ['https://evil.example/', '/demo/'],
        ['javascript:alert(1)', '/demo/'],
      ];
      for (const [query, expected] of cases) {
        const response = await fetch(`${pages.origin}/site/login?return=${query}`, { redirect: 'manual' });
        assert.equal(response.status, 302);
        const location = response.headers.get('location');
        assert.equal(location, `${pages.origin}${expected}`, query);
        // As a browser reads it: never another origin.
        assert.equal(new URL(location, 'http://other.invalid/').origin, pages.origin, query);
      }
    } finally {
      await pages.close();
    }
  });
});

describe("the demo provider's own endpoints (npm start)", () => {
  const PAGES = 'http://127.0.0.1:5173';

  it('switch the profile only for the demo pages, by its own Host, and keep a bounded log', async () => {
    const op = await startProvider({ port: 0, demo: true, pagesOrigins: [PAGES] });
    try {
      const profileNow = async () => (await (await fetch(`${op.issuer}/demo-status`)).json()).profile.key;
      const post = (headers) =>
        fetch(`${op.issuer}/demo-profile`, { method: 'POST', body: 'auth0', headers }).then((r) => r.status);
      // A form or no-CORS fetch from any site: no preflight, so the provider itself must refuse it.
      assert.equal(await post({ origin: 'https://evil.example', 'content-type': 'text/plain' }), 403);
      assert.equal(await post({ 'content-type': 'text/plain' }), 403, 'no Origin at all');
      assert.equal(await profileNow(), null, 'the profile did not change');
      // A DNS-rebinding page reaches the same port under another name.
      // (fetch drops a Host header: node:http sends it as given.)
      const rebound = await new Promise((resolve, reject) =>
        request(`${op.issuer}/demo-status`, { headers: { host: 'evil.example' } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
          .on('error', reject)
          .end(),
      );
      assert.equal(rebound, 421);
      assert.equal(await post({ origin: PAGES }), 200);
      assert.equal(await profileNow(), 'auth0', "the demo's own page switched it");

      for (let i = 0; i < MAX_LOGGED_REQUESTS + 50; i += 1) op.requests.push({ path: '/filler', at: 0, params: [] });
      await fetch(`${op.issuer}/.well-known/openid-configuration`);
      assert.equal(op.requests.length, MAX_LOGGED_REQUESTS);
      assert.equal(op.requests.at(-1).path, '/.well-known/openid-configuration', 'the newest is kept');
    } finally {
      await op.close();
    }
  });
});

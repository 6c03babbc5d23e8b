// The four providers, as oidc-provider configured to their documented end-session endpoints
// (demo/provider-profiles.mjs): each way of signing out ends the provider session, verifies the
// state on return, and sends each documented parameter exactly once.
import assert from 'node:assert/strict';
import { describe, it } from './support/node-test.mjs';
import { PROVIDER_PROFILES } from '../../demo/provider-profiles.mjs';
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

/** What the button needs for each profile to send every parameter the provider documents. */
const PROFILE_ATTRIBUTES = {
  pliro: {},
  duende: {},
  auth0: { 'logout-hint': 'alice', 'ui-locales': 'en', 'extra-params': 'federated' },
  privo: {},
};

const WAYS = [
  {
    name: 'redirect GET',
    attributes: { mode: 'redirect', method: 'get' },
    method: 'GET',
    providerSession: 'redirecting',
  },
  {
    name: 'redirect POST',
    attributes: { mode: 'redirect', method: 'post' },
    method: 'POST',
    providerSession: 'redirecting',
  },
  // 30 s to confirm, as the popup's 10: these cases are about the parameters, and under load the
  // frame's 5 s default can run out and fall back to a redirect.
  {
    name: 'iframe (same site)',
    attributes: { mode: 'iframe', timeout: '30000' },
    method: 'GET',
    providerSession: 'ended',
  },
  { name: 'popup', attributes: { mode: 'popup', timeout: '10000' }, method: 'GET', providerSession: 'ended' },
];

/** How many providers' describes run at once, each with its own stack (2 cores). */
const AT_ONCE = 2;

describe('the four providers, each with its own stack', { concurrency: AT_ONCE }, () => {
  for (const [key, profile] of Object.entries(PROVIDER_PROFILES)) {
    stack.describe(`${profile.name} (${profile.endSessionPath})`, { profile: key }, (stack) => {
      it('publishes its end-session endpoint by discovery', async () => {
        const discovery = await (await fetch(`${stack.op.issuer}/.well-known/openid-configuration`)).json();
        assert.equal(discovery.end_session_endpoint, `${stack.op.issuer}${profile.endSessionPath}`);
      });

      for (const way of WAYS) {
        it(`${way.name}: ends the provider session, verifies state, sends each documented parameter once`, () =>
          withSession(stack, async ({ page, log }) => {
            await signedIn(stack, page);
            const state = `${key}-${way.name}`;
            await configureButton(page, { state, ...PROFILE_ATTRIBUTES[key], ...way.attributes });
            const before = endSessionRequests(stack.op).length;
            await page.click('sign-out-button');
            await page.waitForURL(/\/after\.html/);

            const complete = await waitForEntry(log, 'sign-out-complete');
            assert.equal(complete.detail.providerSession, way.providerSession);
            assert.equal(complete.detail.method, way.method.toLowerCase());
            assert.equal(terminalEvents(log).length, 1);
            const completed = log.filter((entry) => entry.type === 'completed');
            assert.equal(completed.length, 1, 'the return page ran once');
            assert.equal(completed[0].detail.state, state, 'the state came back and was verified');

            const requests = endSessionRequests(stack.op).slice(before);
            assert.equal(requests.length, 1);
            const [request] = requests;
            assert.equal(request.method, way.method);
            if (way.method === 'POST') assert.equal(request.contentType, 'application/x-www-form-urlencoded');
            const names = request.params.map(([name]) => name);
            for (const documented of profile.documentedParams) {
              assert.equal(names.filter((name) => name === documented).length, 1, `${documented} exactly once`);
            }
            assert.equal(await providerAsksForCredentials(stack, page), true, 'the provider session is gone');
          }));
      }

      if (key === 'pliro') {
        it('without a valid ID token the user must confirm; a request without client_id is refused', () =>
          withSession(stack, async ({ page }) => {
            await signedIn(stack, page);
            await page.evaluate(() => sessionStorage.clear());
            await page.click('sign-out-button');
            await page.waitForSelector('#confirm-logout');
            assert.match(page.url(), /\/oauth\/end_session\?/);
            const refused = await page.goto(`${stack.op.issuer}/oauth/end_session`);
            assert.equal(refused.status(), 400);
            assert.match(await page.textContent('body'), /client_id is required/);
          }));
      }

      if (key === 'auth0') {
        it("refuses a client_id that does not match the ID token's aud", () =>
          withSession(stack, async ({ page }) => {
            await signedIn(stack, page);
            const idToken = await page.evaluate(() => window.storedIdToken());
            await configureButton(page, { 'client-id': 'another-client', 'id-token-hint': idToken, method: 'get' });
            const response = page.waitForResponse((answer) => new URL(answer.url()).pathname === '/oidc/logout');
            await page.click('sign-out-button');
            assert.equal((await response).status(), 400);
            assert.match(await page.textContent('body'), /client_id does not match/);
          }));
      }
    });
  }
});

// Hardening: a hostile provider, storage written by someone else, other tabs, odd values and every
// error path. Each describe names what a user can rely on.
import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { UserManager } from 'oidc-client-ts';
import '../../src/define.js';
import { completeSignOut, prepareSignOut, signOut, type SignOutButton, type SignOutOptions } from '../../src/index.js';
import { oidcClientTsChunk } from '../../src/provider/oidc-client-ts.js';
import {
  AUTHORITY,
  CLIENT_ID,
  FIXTURE_AUTHORITY,
  END_SESSION,
  ID_TOKEN,
  eachTestWatchesNavigation,
  recordEvents,
  rejectionOf,
  storeUser,
  warningsDuring,
} from './support.js';

const testPage = location.href;
const fixtures = new URL('./fixtures/', import.meta.url).href;
const HOSTILE = `${location.origin}/fixtures/hostile-op`;
const frames = () => document.querySelectorAll('iframe').length;
const pwned = () => (window as unknown as { __pwned?: unknown }).__pwned;

/** Everything of the page a token could stay in: the light DOM and every open shadow root. */
function domText(): string {
  const parts = [document.documentElement.outerHTML];
  for (const el of document.querySelectorAll('*')) if (el.shadowRoot) parts.push(el.shadowRoot.innerHTML);
  return parts.join('\n');
}

describe('hardening', () => {
  const nav = eachTestWatchesNavigation();
  afterEach(() => history.replaceState(null, '', testPage));

  describe('a javascript: end_session_endpoint from discovery is refused, after the local sign-out', () => {
    const cases: [string, SignOutOptions][] = [
      ['redirect GET', { method: 'get' }],
      ['redirect POST', { method: 'post' }],
      ['iframe', { mode: 'iframe', postLogoutRedirectUri: `${fixtures}return.html`, timeout: 500 }],
      ['popup', { mode: 'popup', postLogoutRedirectUri: `${fixtures}return.html`, timeout: 500 }],
    ];
    for (const [what, options] of cases) {
      it(`${what}: unsafe-url, the script never runs, the user and storage are gone`, async () => {
        const userKey = storeUser(sessionStorage, HOSTILE);
        localStorage.setItem('app.cart', '3');
        const { events, stop } = recordEvents();
        const error = await rejectionOf(signOut({ authority: HOSTILE, clientId: CLIENT_ID, ...options }));
        await aTimeout(100);
        stop();
        expect(error.code).to.equal('unsafe-url');
        expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-error']);
        expect(sessionStorage.getItem(userKey)).to.equal(null);
        expect(localStorage.getItem('app.cart')).to.equal(null);
        expect(nav.assigned).to.deep.equal([]);
        expect(nav.posted).to.deep.equal([]);
        expect(frames()).to.equal(0);
        expect(pwned()).to.equal(undefined);
      });
    }

    it("an SPA's UserManager whose metadata has one: unsafe-url", async () => {
      const manager = new UserManager({
        authority: AUTHORITY,
        client_id: CLIENT_ID,
        redirect_uri: testPage,
        metadata: { issuer: AUTHORITY, end_session_endpoint: 'javascript:window.__pwned=1//' },
      });
      const error = await rejectionOf(signOut({ userManager: manager }));
      expect(error.code).to.equal('unsafe-url');
      expect(nav.assigned).to.deep.equal([]);
      expect(pwned()).to.equal(undefined);
    });

    it('prepareSignOut() rejects it too', async () => {
      const error = await rejectionOf(prepareSignOut({ authority: HOSTILE, clientId: CLIENT_ID }));
      expect(error.code).to.equal('unsafe-url');
    });
  });

  describe('the return page does not trust storage', () => {
    /** Signs out to this page and returns the state id and its stored record's key. */
    async function sendState(options: SignOutOptions = {}) {
      await signOut({
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        endSessionEndpoint: END_SESSION,
        postLogoutRedirectUri: location.pathname,
        afterUrl: '/after.html',
        ...options,
      });
      const state = new URL(nav.assigned.at(-1)!).searchParams.get('state')!;
      return { state, key: `sign-out-button.state.${state}` };
    }
    /** Rewrites the stored record, as a script elsewhere on the origin could. */
    function tamper(key: string, change: (record: Record<string, unknown>) => void) {
      const record = JSON.parse(localStorage.getItem(key)!) as Record<string, unknown>;
      change(record);
      localStorage.setItem(key, JSON.stringify(record));
    }

    for (const [what, afterUrl] of [
      ['a javascript: after-url', 'javascript:window.__pwned=1'],
      ['an after-url on an origin the sign-out did not allow', 'https://evil.example/'],
    ]) {
      it(`${what} planted in the record: unsafe-url, no navigation`, async () => {
        const { state, key } = await sendState();
        tamper(key, (record) => ((record.data as Record<string, unknown>).afterUrl = afterUrl));
        history.replaceState(null, '', `${location.pathname}?state=${state}`);
        const error = await rejectionOf(completeSignOut());
        expect(error.code).to.equal('unsafe-url');
        expect(nav.replaced).to.deep.equal([]);
        expect(pwned()).to.equal(undefined);
      });
    }

    it("an after-url on an origin the return page allows (completeSignOut's allowedOrigins) is followed", async () => {
      const { state } = await sendState({
        afterUrl: 'https://www.example.com/bye',
        allowedOrigins: 'https://www.example.com',
      });
      history.replaceState(null, '', `${location.pathname}?state=${state}`);
      await completeSignOut({ allowedOrigins: ['https://www.example.com'] });
      expect(nav.replaced).to.deep.equal(['https://www.example.com/bye']);
    });

    it('an after-url on an origin only the sign-out allowed: unsafe-url at a return page that does not', async () => {
      const { state } = await sendState({
        afterUrl: 'https://www.example.com/bye',
        allowedOrigins: 'https://www.example.com',
      });
      history.replaceState(null, '', `${location.pathname}?state=${state}`);
      expect((await rejectionOf(completeSignOut())).code).to.equal('unsafe-url');
      expect(nav.replaced).to.deep.equal([]);
    });

    it('a record that names its own allowed origins does not widen them', async () => {
      const { state, key } = await sendState();
      tamper(key, (record) => {
        const data = record.data as Record<string, unknown>;
        data.afterUrl = 'https://evil.example/phish';
        data.allowedOrigins = ['https://evil.example'];
      });
      history.replaceState(null, '', `${location.pathname}?state=${state}`);
      expect((await rejectionOf(completeSignOut())).code).to.equal('unsafe-url');
      expect(nav.replaced).to.deep.equal([]);
    });

    for (const requestType of ['si:r', 'x']) {
      it(`a record of request type "${requestType}" (not one the package writes) is state-mismatch`, async () => {
        const { state, key } = await sendState();
        tamper(key, (record) => (record.request_type = requestType));
        history.replaceState(null, '', `${location.pathname}?state=${state}`);
        expect((await rejectionOf(completeSignOut())).code).to.equal('state-mismatch');
        expect(nav.replaced).to.deep.equal([]);
      });
    }

    it('a record of another shape is state-mismatch', async () => {
      const { state, key } = await sendState();
      tamper(key, (record) => (record.data = { afterUrl: 42 }));
      history.replaceState(null, '', `${location.pathname}?state=${state}`);
      expect((await rejectionOf(completeSignOut())).code).to.equal('state-mismatch');
    });
  });

  describe("tabs do not spoil each other's sign-outs", () => {
    const sendFromThisTab = async () => {
      await signOut({
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        endSessionEndpoint: END_SESSION,
        postLogoutRedirectUri: location.pathname,
      });
      return new URL(nav.assigned.at(-1)!).searchParams.get('state')!;
    };

    it("another tab's sign-out (clearing localStorage) leaves this one's state: the return verifies", async () => {
      const state = await sendFromThisTab();
      localStorage.setItem('app.cart', '3');
      await signOut({ mode: 'local' });
      expect(localStorage.getItem('app.cart')).to.equal(null);
      history.replaceState(null, '', `${location.pathname}?state=${state}`);
      expect(await completeSignOut()).to.deep.equal({ state: undefined, afterUrl: null });
    });

    it("a visit without state is not state-missing for another tab's sign-out, which stays pending", async () => {
      const state = await sendFromThisTab();
      // As if another tab had sent it: this tab's record of the states it sent is not there.
      sessionStorage.removeItem('sign-out-button.sent-here');
      history.replaceState(null, '', location.pathname);
      expect(await completeSignOut()).to.deep.equal({ state: undefined, afterUrl: null });
      history.replaceState(null, '', `${location.pathname}?state=${state}`);
      expect(await completeSignOut()).to.deep.equal({ state: undefined, afterUrl: null });
    });

    it('a visit without state to another page of this tab is not state-missing either', async () => {
      await sendFromThisTab();
      history.replaceState(null, '', '/some/bookmark.html');
      expect(await completeSignOut()).to.deep.equal({ state: undefined, afterUrl: null });
      history.replaceState(null, '', testPage);
      expect((await rejectionOf(completeSignOut())).code, 'still pending for its own return page').to.equal(
        'state-missing',
      );
    });
  });

  describe('cookies script can see are all cleared', () => {
    const cookieNames = () =>
      document.cookie
        .split(';')
        .map((pair) => pair.trim())
        .filter(Boolean);

    it('__Host- and __Secure- cookies (this page is a secure context)', async () => {
      expect(window.isSecureContext).to.equal(true);
      document.cookie = '__Host-sid=1; Secure; Path=/';
      document.cookie = '__Secure-pref=1; Secure; Path=/';
      document.cookie = 'kept=1; Path=/';
      expect(cookieNames()).to.have.length(3);
      await signOut({ mode: 'local', clearStorage: 'cookies', keepStorage: 'kept' });
      expect(cookieNames()).to.deep.equal(['kept=1']);
    });

    it('cookies whose Path ends in /, or is the page itself, and nameless cookies', async () => {
      // A page below /test/unit/fixtures/ sees the cookies scoped to its own path and its parents.
      const frame = document.createElement('iframe');
      const report = new Promise<{ before: string[]; after: string[] }>((resolve) => {
        const onMessage = (event: MessageEvent) => {
          if (event.source !== frame.contentWindow) return;
          window.removeEventListener('message', onMessage);
          resolve(event.data as { before: string[]; after: string[] });
        };
        window.addEventListener('message', onMessage);
      });
      frame.src = `${fixtures}cookies.html`;
      document.body.append(frame);
      try {
        const { before, after } = await report;
        // Chromium and WebKit keep `nameless-value` as a cookie without a name; Firefox reads it as a
        // name with an empty value. Either way it is there before and gone after.
        const nameless = before.filter((cookie) => cookie.startsWith('nameless-value'));
        expect(['nameless-value', 'nameless-value=']).to.include(nameless[0]);
        expect(before.filter((cookie) => !nameless.includes(cookie))).to.deep.equal([
          'noslash=1',
          'page=1',
          'parent=1',
          'slash=1',
        ]);
        expect(after).to.deep.equal([]);
      } finally {
        frame.remove();
      }
    });
  });

  describe('a malformed report from the frame', () => {
    it('is ignored: the sign-out still ends in exactly one terminal event, the frame gone, not busy', async () => {
      const el = await fixture<SignOutButton>(
        html`<sign-out-button
          authority=${AUTHORITY}
          client-id=${CLIENT_ID}
          end-session-endpoint=${`${fixtures}end-session.html`}
          post-logout-redirect-uri=${`${fixtures}return.html`}
          extra-params="behave=bad-url"
          mode="iframe"
          timeout="600"
          fallback="none"
        ></sign-out-button>`,
      );
      const errors: string[] = [];
      const onError = (event: ErrorEvent) => errors.push(event.message);
      window.addEventListener('error', onError);
      const { events, stop } = recordEvents(el);
      el.click();
      await oneEvent(el, 'sign-out-complete');
      await aTimeout(200);
      stop();
      window.removeEventListener('error', onError);
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-complete']);
      expect((events[1].detail as { providerSession: string }).providerSession).to.equal('unconfirmed');
      expect(frames()).to.equal(0);
      expect(el.busy).to.equal(false);
      expect(errors).to.deep.equal([]);
    });
  });

  describe('no token left in the DOM', () => {
    it('the hidden iframe is navigated without a src holding the request', async () => {
      const pending = signOut({
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        endSessionEndpoint: `${fixtures}end-session.html`,
        postLogoutRedirectUri: `${fixtures}return.html`,
        idTokenHint: ID_TOKEN,
        extraParams: { behave: 'stay' },
        mode: 'iframe',
        timeout: 2000,
        fallback: 'none',
      });
      await waitUntil(() => document.querySelector('iframe'), 'the frame is there', { timeout: 5000 });
      const [frame] = document.querySelectorAll('iframe');
      expect(frame, 'the frame is there while the sign-out waits').to.be.instanceOf(HTMLIFrameElement);
      expect(frame.hasAttribute('src')).to.equal(false);
      expect(domText()).to.not.include(ID_TOKEN.slice(0, 30));
      await pending;
    });

    for (const mode of ['local', 'iframe'] as const) {
      it(`id-token-hint is dropped from the element once a ${mode} sign-out used it`, async () => {
        const el = await fixture<SignOutButton>(
          html`<sign-out-button
            mode=${mode}
            end-session-endpoint=${`${fixtures}end-session.html`}
            post-logout-redirect-uri=${`${fixtures}return.html`}
            extra-params="behave=return"
            id-token-hint=${ID_TOKEN}
          ></sign-out-button>`,
        );
        await el.signOut();
        expect(el.hasAttribute('id-token-hint')).to.equal(false);
        expect(el.idTokenHint).to.equal(undefined);
        expect(domText()).to.not.include(ID_TOKEN.slice(0, 30));
      });
    }

    it('a cancelled sign-out keeps the hint for the next click', async () => {
      const el = await fixture<SignOutButton>(
        html`<sign-out-button mode="local" id-token-hint=${ID_TOKEN}></sign-out-button>`,
      );
      el.addEventListener('sign-out-start', (event) => event.preventDefault(), { once: true });
      await el.signOut().catch(() => undefined);
      expect(el.idTokenHint).to.equal(ID_TOKEN);
    });
  });

  describe('the stored ID token goes only to the provider that issued it', () => {
    it('an end-session-endpoint on another origin than the authority and its discovery: unsafe-url, after the local sign-out, nothing sent', async () => {
      const userKey = storeUser();
      const { events, stop } = recordEvents();
      const error = await rejectionOf(
        signOut({ authority: AUTHORITY, clientId: CLIENT_ID, endSessionEndpoint: 'https://evil.example/logout' }),
      );
      stop();
      expect(error.code).to.equal('unsafe-url');
      expect(error.message).to.include('https://evil.example');
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-error']);
      expect(sessionStorage.getItem(userKey)).to.equal(null);
      expect(nav.assigned).to.deep.equal([]);
      expect(nav.posted).to.deep.equal([]);
    });

    it('the same markup on the element: unsafe-url, and the token reaches no navigation', async () => {
      storeUser();
      const el = await fixture<SignOutButton>(
        html`<sign-out-button
          authority=${AUTHORITY}
          client-id=${CLIENT_ID}
          end-session-endpoint="https://evil.example/logout"
        ></sign-out-button>`,
      );
      const failed = oneEvent(el, 'sign-out-error');
      el.click();
      expect((await failed).detail.error.code).to.equal('unsafe-url');
      expect(JSON.stringify(nav)).to.not.include(ID_TOKEN.slice(0, 20));
    });

    it('an explicit id-token-hint is the page’s own choice: it is sent to the endpoint given', async () => {
      await signOut({
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        endSessionEndpoint: 'https://other.example/logout',
        idTokenHint: ID_TOKEN,
      });
      const sent = new URL(nav.assigned[0]);
      expect(sent.origin).to.equal('https://other.example');
      expect(sent.searchParams.get('id_token_hint')).to.equal(ID_TOKEN);
    });

    it('an endpoint on the origin of the end-session endpoint the provider publishes is its own', async () => {
      const authority = `${location.origin}/fixtures/split-op`;
      storeUser(sessionStorage, authority);
      await signOut({ authority, clientId: CLIENT_ID, endSessionEndpoint: 'https://logout.op.example/end?tenant=1' });
      const sent = new URL(nav.assigned[0]);
      expect(sent.origin).to.equal('https://logout.op.example');
      expect(sent.searchParams.get('id_token_hint')).to.equal(ID_TOKEN);
    });
  });

  describe('a provider that accepts the request and never answers', () => {
    it('ends in sign-out-error discovery within its bound, signed out locally, and the button is usable again', async function () {
      this.timeout(60000);
      const authority = `${location.origin}/fixtures/silent-op`;
      const userKey = storeUser(sessionStorage, authority);
      const el = await fixture<SignOutButton>(
        html`<sign-out-button authority=${authority} client-id=${CLIENT_ID}></sign-out-button>`,
      );
      const { events, stop } = recordEvents(el);
      const started = performance.now();
      const failed = oneEvent(el, 'sign-out-error');
      el.click();
      await waitUntil(() => sessionStorage.getItem(userKey) === null, 'signed out locally at once', { timeout: 5000 });
      expect(el.busy, 'busy while it waits').to.equal(true);
      const { detail } = await failed;
      stop();
      const took = performance.now() - started;
      expect(detail.error.code).to.equal('discovery');
      expect(took, 'the bound is 10 s').to.be.within(9000, 30000);
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-error']);
      await waitUntil(() => !el.busy, 'usable again', { timeout: 1000 });
      expect(nav.assigned).to.deep.equal([]);
    });
  });

  describe('odd values', () => {
    it('allowed-origins entries that are not exact origins are warned about, not silently matched by nothing', async () => {
      // Some engines take https://*.example.com for a URL, some do not (invalid-config): warned either way.
      const { warnings } = await warningsDuring(() =>
        signOut({
          mode: 'local',
          allowedOrigins:
            'https://*.example.com https://ok.example https://ok.example/ https://ok.example/path https://ok.example?x=1',
        }).catch(() => undefined),
      );
      const named = (entry: string) => warnings.filter((text) => text.includes(`"${entry}"`)).length;
      expect(named('https://*.example.com')).to.equal(1);
      expect(named('https://ok.example/path')).to.equal(1);
      expect(named('https://ok.example?x=1')).to.equal(1);
      expect(named('https://ok.example'), 'an exact origin').to.equal(0);
      expect(named('https://ok.example/'), 'an origin with its trailing slash').to.equal(0);
    });

    it('a timeout of 2^31 ms or more is invalid-config (a timer would fire at once), and warned about', async () => {
      const error = await rejectionOf(
        signOut({
          authority: AUTHORITY,
          clientId: CLIENT_ID,
          endSessionEndpoint: END_SESSION,
          postLogoutRedirectUri: `${fixtures}return.html`,
          mode: 'iframe',
          timeout: 2 ** 31,
        }),
      );
      expect(error.code).to.equal('invalid-config');
      const { warnings } = await warningsDuring(() =>
        fixture(html`<sign-out-button timeout="2147483648"></sign-out-button>`),
      );
      expect(warnings.some((text) => text.includes('timeout="2147483648"'))).to.equal(true);
    });

    it('2^31 - 1 ms is still accepted', async () => {
      const result = await signOut({ mode: 'local', timeout: 2 ** 31 - 1 });
      expect(result.providerSession).to.equal('skipped');
    });

    it('blank after-url and post-logout-redirect-uri count as absent, not as this page', async () => {
      const result = await signOut({ mode: 'local', afterUrl: '   ' });
      expect(result.afterUrl).to.equal(null);
      expect(nav.assigned).to.deep.equal([]);
      await signOut({
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        endSessionEndpoint: END_SESSION,
        postLogoutRedirectUri: ' \t ',
      });
      expect(new URL(nav.assigned[0]).searchParams.has('post_logout_redirect_uri')).to.equal(false);
    });

    it('blank attributes count as absent: the defaults apply, with no warning', async () => {
      const { result: el, warnings } = await warningsDuring(() =>
        fixture<SignOutButton>(
          html`<sign-out-button mode=" " method="" timeout="" fallback="" after-url=" "></sign-out-button>`,
        ),
      );
      expect(warnings).to.deep.equal([]);
      el.endSessionEndpoint = END_SESSION;
      const result = await el.signOut();
      expect(result.mode).to.equal('redirect');
      expect(result.afterUrl).to.equal(null);
    });

    it('a full localStorage fails with storage, and the request is not sent unverifiable', async () => {
      const filler = 'x'.repeat(1024 * 1024);
      let index = 0;
      try {
        for (; index < 64; index += 1) localStorage.setItem(`filler.${index}`, filler);
      } catch {
        // Full.
      }
      try {
        // Top up what is left, so that the state cannot fit.
        for (let size = 512 * 1024; size >= 1; size = Math.floor(size / 2)) {
          try {
            localStorage.setItem(`filler.top.${size}`, 'y'.repeat(size));
          } catch {
            // That one did not fit: try a smaller one.
          }
        }
        const { events, stop } = recordEvents();
        const error = await rejectionOf(
          signOut({
            authority: AUTHORITY,
            clientId: CLIENT_ID,
            endSessionEndpoint: END_SESSION,
            postLogoutRedirectUri: location.pathname,
            keepStorage: 'filler.*',
          }),
        );
        stop();
        expect(error.code).to.equal('storage');
        expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-error']);
        expect(nav.assigned).to.deep.equal([]);
      } finally {
        localStorage.clear();
      }
    });

    describe('a chunk that cannot be loaded', () => {
      const original = oidcClientTsChunk.import;
      beforeEach(() => {
        oidcClientTsChunk.loaded = undefined;
        oidcClientTsChunk.import = () =>
          Promise.reject(new TypeError('Failed to fetch dynamically imported module: oidc-client-ts-x.js'));
      });
      afterEach(() => {
        oidcClientTsChunk.import = original;
        oidcClientTsChunk.loaded = undefined;
      });

      for (const mode of ['redirect', 'iframe'] as const) {
        it(`${mode}: load-failed after the local sign-out, no frame left behind`, async () => {
          const userKey = storeUser(sessionStorage, FIXTURE_AUTHORITY);
          const error = await rejectionOf(
            signOut({
              authority: FIXTURE_AUTHORITY,
              clientId: CLIENT_ID,
              endSessionEndpoint: `${fixtures}end-session.html`,
              postLogoutRedirectUri: `${fixtures}return.html`,
              mode,
            }),
          );
          expect(error.code).to.equal('load-failed');
          expect(sessionStorage.getItem(userKey), 'the local sign-out needs no chunk').to.equal(null);
          expect(frames()).to.equal(0);
          expect(nav.assigned).to.deep.equal([]);
        });
      }

      it('with discovery: load-failed, not discovery (the document itself needs no chunk)', async () => {
        const authority = `${location.origin}/fixtures/logout-op`;
        const error = await rejectionOf(signOut({ authority, clientId: CLIENT_ID }));
        expect(error.code).to.equal('load-failed');
      });

      it('a provider without an end-session endpoint is named as such, chunk or not', async () => {
        const authority = `${location.origin}/fixtures/no-logout-op`;
        const error = await rejectionOf(signOut({ authority, clientId: CLIENT_ID }));
        expect(error.code).to.equal('no-end-session-endpoint');
      });
    });
  });

  describe('el.click() on the element is a click', () => {
    it('signs out exactly once', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button mode="local"></sign-out-button>`);
      const { events, stop } = recordEvents(el);
      el.click();
      await oneEvent(el, 'sign-out-complete');
      await aTimeout(20);
      stop();
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-complete']);
    });

    it('a real click on the inner button still signs out exactly once', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button mode="local">Leave</sign-out-button>`);
      const { events, stop } = recordEvents(el);
      const done = oneEvent(el, 'sign-out-complete');
      el.shadowRoot!.querySelector('button')!.click();
      await done;
      await aTimeout(50);
      stop();
      expect(events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-complete']);
    });

    it('is ignored while disabled or busy', async () => {
      const el = await fixture<SignOutButton>(html`<sign-out-button mode="local" disabled></sign-out-button>`);
      const { events, stop } = recordEvents(el);
      el.click();
      el.disabled = false;
      el.busy = true;
      el.click();
      await aTimeout(20);
      stop();
      expect(events).to.deep.equal([]);
    });
  });
});

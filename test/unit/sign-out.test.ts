import { expect } from '@open-wc/testing';
import { UserManager } from 'oidc-client-ts';
import { SignOutError, signOut, type SignOutOptions } from '../../src/index.js';
import {
  AUTHORITY,
  CLIENT_ID,
  END_SESSION,
  ID_TOKEN,
  blockStorage,
  breakStorage,
  paramsOf,
  eachTestWatchesNavigation,
  recordEvents,
  rejectionOf,
  storeUser,
  appEntries,
} from './support.js';

const base: SignOutOptions = { authority: AUTHORITY, clientId: CLIENT_ID, endSessionEndpoint: END_SESSION };
const page = (path: string) => new URL(path, location.href).href;

describe('signOut()', () => {
  const nav = eachTestWatchesNavigation();

  describe('events from the API', () => {
    it('are dispatched on document, start cancelable, complete with the result', async () => {
      const { events, stop } = recordEvents(document);
      const result = await signOut({ mode: 'local' });
      stop();
      expect(events.map((event) => [event.type, event.target])).to.deep.equal([
        ['sign-out-start', document],
        ['sign-out-complete', document],
      ]);
      expect(events[0].cancelable).to.equal(true);
      expect(events[1].detail).to.deep.equal(result);
    });
  });

  describe('clearing storage', () => {
    it('clears localStorage and sessionStorage by default and removes the stored user', async () => {
      const userKey = storeUser();
      localStorage.setItem('a', '1');
      sessionStorage.setItem('b', '2');
      await signOut({ ...base, mode: 'local' });
      expect(sessionStorage.getItem(userKey)).to.equal(null);
      expect(appEntries(localStorage)).to.deep.equal({});
      expect(sessionStorage.length).to.equal(0);
    });

    it('keep-storage patterns with * are left alone', async () => {
      localStorage.setItem('app.theme', 'dark');
      localStorage.setItem('app.lang', 'de');
      localStorage.setItem('cart', '3');
      sessionStorage.setItem('consent-v2', 'yes');
      sessionStorage.setItem('draft', 'x');
      await signOut({ mode: 'local', keepStorage: 'app.* consent-*' });
      expect(appEntries(localStorage)).to.deep.equal({ 'app.theme': 'dark', 'app.lang': 'de' });
      expect({ ...sessionStorage }).to.deep.equal({ 'consent-v2': 'yes' });
    });

    it('a kept pattern does not keep the stored user', async () => {
      const userKey = storeUser();
      await signOut({ ...base, mode: 'local', keepStorage: 'oidc.*' });
      expect(sessionStorage.getItem(userKey)).to.equal(null);
    });

    it('clears only what clear-storage names; "none" clears nothing', async () => {
      localStorage.setItem('a', '1');
      sessionStorage.setItem('b', '2');
      await signOut({ mode: 'local', clearStorage: 'session' });
      expect(appEntries(localStorage)).to.deep.equal({ a: '1' });
      expect(sessionStorage.length).to.equal(0);
      sessionStorage.setItem('b', '2');
      await signOut({ mode: 'local', clearStorage: 'none' });
      expect({ ...appEntries(localStorage), ...sessionStorage }).to.deep.equal({ a: '1', b: '2' });
    });

    it('"cookies" expires the cookies script can read, except kept ones', async () => {
      document.cookie = 'session_hint=1; path=/';
      document.cookie = 'keep_me=1; path=/';
      await signOut({ mode: 'local', clearStorage: 'cookies', keepStorage: 'keep_*' });
      expect(document.cookie).to.equal('keep_me=1');
    });

    it('a storage that throws when touched is skipped and the rest goes on', async () => {
      sessionStorage.setItem('draft', 'x');
      const unblock = blockStorage('localStorage');
      try {
        const result = await signOut({ ...base, postLogoutRedirectUri: '/signed-out.html' });
        expect(result.providerSession).to.equal('redirecting');
      } finally {
        unblock();
      }
      expect(sessionStorage.length).to.equal(0);
      // With nowhere to keep it, no state is sent that could never be verified.
      expect(new URL(nav.assigned[0]).searchParams.has('state')).to.equal(false);
    });

    it('a storage whose removeItem, clear and key throw is skipped in those steps: the request is still sent, with its state', async () => {
      const userKey = storeUser(localStorage);
      const undo = breakStorage('localStorage', ['removeItem', 'clear', 'key']);
      let result;
      try {
        result = await signOut({ ...base, userStore: 'local', postLogoutRedirectUri: '/signed-out.html' });
      } finally {
        undo();
      }
      expect(result.providerSession).to.equal('redirecting');
      const sent = new URL(nav.assigned[0]);
      expect(sent.href.startsWith(END_SESSION)).to.equal(true);
      expect(sent.searchParams.has('state'), 'the state was kept (setItem works)').to.equal(true);
      expect(localStorage.getItem(`sign-out-button.state.${sent.searchParams.get('state')}`)).to.not.equal(null);
      expect(localStorage.getItem(userKey), 'its removal was refused, and skipped').to.not.equal(null);
    });

    it('a stale sign-out state (older than 15 minutes) is removed at the next sign-out; a fresh one stays', async () => {
      const now = Math.floor(Date.now() / 1000);
      const state = (created: number) => JSON.stringify({ id: 'x', created, request_type: 'so:r', data: {} });
      localStorage.setItem('sign-out-button.state.old', state(now - 3600));
      localStorage.setItem('sign-out-button.state.fresh', state(now - 60));
      await signOut({ ...base, postLogoutRedirectUri: '/signed-out.html' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(localStorage.getItem('sign-out-button.state.old')).to.equal(null);
      expect(localStorage.getItem('sign-out-button.state.fresh')).to.not.equal(null);
    });

    it('thousands of planted state records are swept a bounded number at a time, and hold nothing up', async () => {
      for (let index = 0; index < 3000; index += 1) localStorage.setItem(`sign-out-button.state.junk-${index}`, 'junk');
      const started = performance.now();
      await signOut({ ...base, postLogoutRedirectUri: '/signed-out.html' });
      const took = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const left = Object.keys(localStorage).filter((key) => key.startsWith('sign-out-button.state.junk-')).length;
      expect(3000 - left, 'at most 50 looked at').to.be.within(1, 50);
      expect(took).to.be.below(5000);
    });

    it('a blocked user store is skipped: the sign-out still completes', async () => {
      localStorage.setItem('a', '1');
      const unblock = blockStorage('sessionStorage');
      try {
        const result = await signOut({ ...base, mode: 'local' });
        expect(result.providerSession).to.equal('skipped');
      } finally {
        unblock();
      }
      expect(appEntries(localStorage)).to.deep.equal({});
    });
  });

  describe('the end-session request', () => {
    it('carries every parameter once, client_id included, with an ID token', async () => {
      storeUser();
      await signOut({
        ...base,
        postLogoutRedirectUri: '/signed-out.html',
        logoutHint: 'alice',
        uiLocales: 'fr',
        extraParams: 'federated&prompt=none',
        state: 'x',
      });
      const params = paramsOf(nav.assigned[0]);
      const names = params.map(([name]) => name).sort();
      expect(names).to.deep.equal(
        [
          'client_id',
          'federated',
          'id_token_hint',
          'logout_hint',
          'post_logout_redirect_uri',
          'prompt',
          'state',
          'ui_locales',
        ].sort(),
      );
      const values = Object.fromEntries(params);
      expect(values).to.include({
        client_id: CLIENT_ID,
        id_token_hint: ID_TOKEN,
        post_logout_redirect_uri: page('/signed-out.html'),
        logout_hint: 'alice',
        ui_locales: 'fr',
        federated: '',
        prompt: 'none',
      });
    });

    it('sends client_id once without an ID token too', async () => {
      await signOut({ ...base, postLogoutRedirectUri: '/signed-out.html' });
      expect(paramsOf(nav.assigned[0]).filter(([name]) => name === 'client_id')).to.deep.equal([
        ['client_id', CLIENT_ID],
      ]);
      expect(new URL(nav.assigned[0]).searchParams.has('id_token_hint')).to.equal(false);
    });

    it('ui-locales "auto" sends <html lang>, and nothing when it is empty', async () => {
      document.documentElement.lang = 'pt-BR';
      await signOut({ ...base, uiLocales: 'auto' });
      document.documentElement.lang = '';
      await signOut({ ...base, uiLocales: 'auto' });
      expect(new URL(nav.assigned[0]).searchParams.get('ui_locales')).to.equal('pt-BR');
      expect(new URL(nav.assigned[1]).searchParams.has('ui_locales')).to.equal(false);
    });

    it('extra-params accepts a record', async () => {
      await signOut({ ...base, extraParams: { federated: true, audience: 'x y' } });
      expect(Object.fromEntries(paramsOf(nav.assigned[0]))).to.include({ federated: 'true', audience: 'x y' });
    });

    it("uses an SPA's own UserManager: its user, its client, its events", async () => {
      const manager = new UserManager({
        authority: AUTHORITY,
        client_id: CLIENT_ID,
        redirect_uri: page('/callback.html'),
        post_logout_redirect_uri: page('/signed-out.html'),
        metadata: { issuer: AUTHORITY, end_session_endpoint: END_SESSION },
      });
      const userKey = storeUser();
      let unloaded = 0;
      manager.events.addUserUnloaded(() => void (unloaded += 1));
      await signOut({ userManager: manager });
      const values = Object.fromEntries(paramsOf(nav.assigned[0]));
      expect(values).to.include({
        id_token_hint: ID_TOKEN,
        client_id: CLIENT_ID,
        post_logout_redirect_uri: page('/signed-out.html'),
      });
      expect(values.state).to.be.a('string');
      expect(unloaded).to.equal(1);
      expect(sessionStorage.getItem(userKey)).to.equal(null);
    });
  });

  describe('error codes', () => {
    const invalid: [string, SignOutOptions][] = [
      ['no provider for redirect', { mode: 'redirect' }],
      ['an unknown mode', { mode: 'teleport' as 'local' }],
      ['an unknown user store', { mode: 'local', userStore: 'cookie' as 'local' }],
      ['authority without client-id', { authority: AUTHORITY }],
      ['an authority that is not a URL', { authority: 'op.example', clientId: 'c' }],
      ['client_id in extra-params', { ...base, extraParams: 'client_id=other' }],
      ['an unknown clear-storage entry', { mode: 'local', clearStorage: 'local attic' }],
      ['"none" with another storage', { mode: 'local', clearStorage: 'none local' }],
      ['after-url without a return page', { ...base, afterUrl: '/bye' }],
      ['state without a return page', { ...base, state: 's' }],
      ['a state that is not JSON', { ...base, postLogoutRedirectUri: '/r', state: 1n }],
      ['an allowed origin that is not a URL', { mode: 'local', allowedOrigins: 'example' }],
    ];
    for (const [what, options] of invalid) {
      it(`invalid-config: ${what}, and nothing is cleared`, async () => {
        localStorage.setItem('a', '1');
        const { events, stop } = recordEvents(document);
        const error = await rejectionOf(signOut(options));
        stop();
        expect(error.code).to.equal('invalid-config');
        expect(events.map((event) => event.type)).to.deep.equal(['sign-out-error']);
        expect((events[0].detail as { error: SignOutError }).error).to.equal(error);
        expect(localStorage.getItem('a')).to.equal('1');
      });
    }

    const unsafe: [string, SignOutOptions][] = [
      ['a javascript: after-url', { mode: 'local', afterUrl: 'javascript:alert(1)' }],
      ['an after-url on another origin', { mode: 'local', afterUrl: 'https://evil.example/' }],
      ['a post-logout-redirect-uri on another origin', { ...base, postLogoutRedirectUri: 'https://evil.example/r' }],
      ['a data: post-logout-redirect-uri', { ...base, postLogoutRedirectUri: 'data:text/html,hi' }],
    ];
    for (const [what, options] of unsafe) {
      it(`unsafe-url: ${what}, with no navigation and nothing cleared`, async () => {
        localStorage.setItem('a', '1');
        const error = await rejectionOf(signOut(options));
        expect(error.code).to.equal('unsafe-url');
        expect(nav.assigned).to.deep.equal([]);
        expect(localStorage.getItem('a')).to.equal('1');
      });
    }

    it('an origin listed in allowed-origins is accepted', async () => {
      const result = await signOut({
        mode: 'local',
        afterUrl: 'https://www.example.com/bye',
        allowedOrigins: 'https://www.example.com/',
      });
      expect(result.afterUrl).to.equal('https://www.example.com/bye');
      expect(nav.assigned).to.deep.equal(['https://www.example.com/bye']);
    });

    it('discovery: the provider cannot be reached, after the local sign-out completed', async () => {
      storeUser(sessionStorage, 'http://127.0.0.1:9');
      localStorage.setItem('a', '1');
      const storageWhenFailed: number[] = [];
      document.addEventListener(
        'sign-out-error',
        () => storageWhenFailed.push(Object.keys(appEntries(localStorage)).length + sessionStorage.length),
        {
          once: true,
        },
      );
      const error = await rejectionOf(signOut({ authority: 'http://127.0.0.1:9', clientId: CLIENT_ID }));
      expect(error.code).to.equal('discovery');
      expect(storageWhenFailed).to.deep.equal([0]);
      expect(nav.assigned).to.deep.equal([]);
    });

    it('no-end-session-endpoint: discovery has none, after the local sign-out completed', async () => {
      const authority = `${location.origin}/fixtures/no-logout-op`;
      const userKey = storeUser(sessionStorage, authority);
      const error = await rejectionOf(signOut({ authority, clientId: CLIENT_ID }));
      expect(error.code).to.equal('no-end-session-endpoint');
      expect(sessionStorage.getItem(userKey)).to.equal(null);
    });

    it('aborted: an aborted signal stops the sign-out before anything changes', async () => {
      localStorage.setItem('a', '1');
      const error = await rejectionOf(signOut({ mode: 'local', signal: AbortSignal.abort() }));
      expect(error.code).to.equal('aborted');
      expect(localStorage.getItem('a')).to.equal('1');
    });

    it('aborted: a signal aborted during the local sign-out stops the provider step', async () => {
      const controller = new AbortController();
      document.addEventListener('sign-out-start', () => queueMicrotask(() => controller.abort()), { once: true });
      const error = await rejectionOf(signOut({ ...base, signal: controller.signal }));
      expect(error.code).to.equal('aborted');
      expect(nav.assigned).to.deep.equal([]);
    });

    it('messages never contain a token', async () => {
      const error = await rejectionOf(
        signOut({ authority: 'http://127.0.0.1:9', clientId: 'c', idTokenHint: ID_TOKEN }),
      );
      expect(error.message).to.not.include('eyJ');
      expect(new SignOutError('discovery', `bad ${ID_TOKEN}`).message).to.equal('bad [redacted token]');
    });
  });
});

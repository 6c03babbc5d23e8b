// Signed out everywhere, in every engine: other tabs (as a real BroadcastChannel delivers them), the
// front-channel receiver, deep storage, preventSilentAccess and the iframe with no return page.
import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import {
  handleFrontChannelLogout,
  onRemoteSignOut,
  signOut,
  type SignOutButton,
  type SignOutOptions,
} from '../../src/index.js';
import { CHANNEL_NAME } from '../../src/tabs/channel.js';
import { AUTHORITY, CLIENT_ID, eachTestWatchesNavigation, recordEvents, rejectionOf, storeUser } from './support.js';

const testPage = location.href;
const fixtures = new URL('./fixtures/', import.meta.url).href;

/**
 * Posts on the package's channel as another tab would, then waits until `handled()` (however slow
 * the machine), or, with nothing to wait for, lets it arrive.
 */
async function fromAnotherTab(message: Record<string, unknown>, handled?: () => boolean): Promise<void> {
  const channel = new BroadcastChannel('sign-out-button');
  channel.postMessage({ from: 'another-tab', ...message });
  channel.close();
  if (handled) await waitUntil(handled, 'the message was handled', { timeout: 10000 });
  else await aTimeout(100);
}

const signedOutElsewhere = (clearing = { session: true, keep: [] as string[] }, handled?: () => boolean) =>
  fromAnotherTab({ type: 'signed-out', authority: AUTHORITY, clientId: CLIENT_ID, clearing }, handled);

describe('signed out everywhere', () => {
  const nav = eachTestWatchesNavigation();
  afterEach(() => history.replaceState(null, '', testPage));

  describe('a sign-out in another tab', () => {
    it("reaches a connected button: this tab's user and session data go, sign-out-remote fires, then after-url", async () => {
      const userKey = storeUser();
      sessionStorage.setItem('draft', 'x');
      sessionStorage.setItem('keep.me', 'y');
      localStorage.setItem('shared', 'z');
      const el = await fixture<SignOutButton>(html`<sign-out-button after-url="/after.html"></sign-out-button>`);
      const remote = oneEvent(el, 'sign-out-remote');
      await signedOutElsewhere({ session: true, keep: ['keep.*'] });
      const event = await remote;
      expect(event.detail).to.deep.equal({ source: 'tab' });
      expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
      expect(sessionStorage.getItem(userKey)).to.equal(null);
      expect({ ...sessionStorage }).to.deep.equal({ 'keep.me': 'y' });
      expect(localStorage.getItem('shared'), 'what the origin shares is not touched again').to.equal('z');
      expect(nav.assigned).to.deep.equal([new URL('/after.html', location.href).href]);
    });

    it('a cancelled sign-out-remote keeps the page', async () => {
      storeUser();
      const el = await fixture<SignOutButton>(html`<sign-out-button after-url="/after.html"></sign-out-button>`);
      let heard = false;
      el.addEventListener('sign-out-remote', (event) => {
        heard = true;
        event.preventDefault();
      });
      await signedOutElsewhere(undefined, () => heard);
      expect(nav.assigned).to.deep.equal([]);
    });

    it('an API-only page hears it through onRemoteSignOut, which returns its unsubscribe', async () => {
      const userKey = storeUser();
      const heard: unknown[] = [];
      const stop = onRemoteSignOut((event) => heard.push(event));
      const events = recordEvents(document);
      const remote: string[] = [];
      const onRemote = (event: Event) => remote.push(event.type);
      document.addEventListener('sign-out-remote', onRemote);
      await signedOutElsewhere(undefined, () => heard.length > 0);
      stop();
      await signedOutElsewhere();
      document.removeEventListener('sign-out-remote', onRemote);
      events.stop();
      expect(heard).to.deep.equal([{ source: 'tab' }]);
      expect(remote, 'with no button, sign-out-remote fires on document').to.deep.equal(['sign-out-remote']);
      expect(sessionStorage.getItem(userKey)).to.equal(null);
    });

    it('a page with neither a button nor a listener is not listening at all', async () => {
      const userKey = storeUser();
      await signedOutElsewhere();
      expect(sessionStorage.getItem(userKey)).to.not.equal(null);
    });
  });

  describe('telling the other tabs', () => {
    async function messagesDuring(options: SignOutOptions): Promise<unknown[]> {
      const channel = new BroadcastChannel('sign-out-button');
      const messages: unknown[] = [];
      channel.onmessage = (event) => messages.push(event.data);
      await signOut(options);
      // Told at once when told at all: wait for the message, or a while for none.
      if (!options.noBroadcast)
        await waitUntil(() => messages.length > 0, 'the other tabs were told', { timeout: 10000 });
      await aTimeout(100);
      channel.close();
      return messages;
    }

    it('a sign-out tells them, with what to clear and no token', async () => {
      storeUser();
      const [message] = await messagesDuring({
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        mode: 'local',
        keepStorage: 'keep.*',
      });
      expect(message).to.deep.include({
        type: 'signed-out',
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        clearing: { session: true, keep: ['keep.*'] },
      });
      expect(JSON.stringify(message)).to.not.include('eyJ');
    });

    it('no-broadcast: nothing is sent', async () => {
      expect(await messagesDuring({ mode: 'local', noBroadcast: true })).to.deep.equal([]);
    });

    it('they are told after a failed provider step too: the local sign-out happened', async () => {
      const channel = new BroadcastChannel('sign-out-button');
      const messages: unknown[] = [];
      channel.onmessage = (event) => messages.push(event.data);
      await rejectionOf(signOut({ authority: 'http://127.0.0.1:9', clientId: CLIENT_ID }));
      await waitUntil(() => messages.length > 0, 'the other tabs were told', { timeout: 10000 });
      await aTimeout(100);
      channel.close();
      expect(messages).to.have.length(1);
    });
  });

  describe('front-channel logout (handleFrontChannelLogout)', () => {
    // The test ID token has iss https://op.example and sid s-1.
    /** Loads the front-channel page in a frame, as a provider does, with `query` (iss and sid). */
    const frontChannel = async (query: string) => {
      const frame = document.createElement('iframe');
      const result = new Promise<unknown>((resolve) => {
        window.addEventListener('message', function onMessage(event: MessageEvent) {
          if (event.source !== frame.contentWindow || !event.data?.frontChannel) return;
          window.removeEventListener('message', onMessage);
          resolve(event.data.frontChannel);
        });
      });
      const page = new URL(`${fixtures}front-channel.html?${query}`);
      page.searchParams.set('authority', AUTHORITY);
      page.searchParams.set('client_id', CLIENT_ID);
      frame.src = page.href;
      document.body.append(frame);
      try {
        return await result;
      } finally {
        frame.remove();
      }
    };

    it("signs out an open tab's user with that iss and sid", async () => {
      const userKey = storeUser();
      const heard: unknown[] = [];
      const stop = onRemoteSignOut((event) => heard.push(event));
      try {
        expect(await frontChannel('iss=https%3A%2F%2Fop.example&sid=s-1')).to.deep.equal({ status: 'signed-out' });
      } finally {
        stop();
      }
      expect(heard).to.deep.equal([{ source: 'front-channel' }]);
      expect(sessionStorage.getItem(userKey)).to.equal(null);
    });

    for (const [what, query] of [
      ['another sid', 'iss=https%3A%2F%2Fop.example&sid=s-2'],
      ['another iss', 'iss=https%3A%2F%2Fother.example&sid=s-1'],
    ]) {
      it(`${what}: ignored, other-session, the user stays`, async () => {
        const userKey = storeUser();
        const stop = onRemoteSignOut(() => undefined);
        try {
          expect(await frontChannel(query)).to.deep.equal({ status: 'ignored', reason: 'other-session' });
        } finally {
          stop();
        }
        expect(sessionStorage.getItem(userKey)).to.not.equal(null);
      });
    }

    describe("an ID token without sid (LemonLDAP::NG: it sends the user's sub as sid)", () => {
      const b64 = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
      /** Stores a user whose ID token and profile carry no `sid`. */
      const storeSidlessUser = () => {
        const key = `oidc.user:${AUTHORITY}:${CLIENT_ID}`;
        const claims = { iss: 'https://op.example', sub: 'u1', aud: CLIENT_ID };
        sessionStorage.setItem(
          key,
          JSON.stringify({
            id_token: `${b64({ alg: 'RS256' })}.${b64(claims)}.c2ln`,
            token_type: 'Bearer',
            profile: claims,
            expires_at: Math.floor(Date.now() / 1000) + 3600,
          }),
        );
        return key;
      };

      it('is matched by iss alone: signed out whatever sid the provider sends', async () => {
        const userKey = storeSidlessUser();
        const stop = onRemoteSignOut(() => undefined);
        try {
          expect(await frontChannel('iss=https%3A%2F%2Fop.example&sid=u1')).to.deep.equal({ status: 'signed-out' });
        } finally {
          stop();
        }
        expect(sessionStorage.getItem(userKey)).to.equal(null);
      });

      it('another iss is still another session', async () => {
        const userKey = storeSidlessUser();
        const stop = onRemoteSignOut(() => undefined);
        try {
          expect(await frontChannel('iss=https%3A%2F%2Fother.example&sid=u1')).to.deep.equal({
            status: 'ignored',
            reason: 'other-session',
          });
        } finally {
          stop();
        }
        expect(sessionStorage.getItem(userKey)).to.not.equal(null);
      });
    });

    it("the matching tab clears the origin's localStorage itself: a frame gone before any answer still has it done", async () => {
      const userKey = storeUser();
      localStorage.setItem('app.cart', '3');
      localStorage.setItem('kept.theme', 'dark');
      const stop = onRemoteSignOut(() => undefined);
      // A frame's question, and the frame gone at once (its channel closed before any answer).
      const frame = new BroadcastChannel(CHANNEL_NAME);
      frame.postMessage({
        type: 'front-channel',
        id: 'q-1',
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        iss: 'https://op.example',
        sid: 's-1',
        clearing: { session: true, keep: ['kept.*'] },
        local: true,
      });
      frame.close();
      try {
        await waitUntil(() => sessionStorage.getItem(userKey) === null, 'the tab signed its user out', {
          timeout: 5000,
        });
        expect(localStorage.getItem('app.cart')).to.equal(null);
        expect(localStorage.getItem('kept.theme'), 'keep-storage kept').to.equal('dark');
      } finally {
        stop();
        localStorage.removeItem('kept.theme');
      }
    });

    it('a provider that removes the frame 300 ms after its load: the tab, the shared storage and the result are all done', async () => {
      // Glewlwyd navigates on about 500 ms after its front-channel frames fire load; the tabs'
      // answer window is 750 ms. What the frame does must not wait for the window to close.
      const userKey = storeUser();
      localStorage.setItem('app.cart', '3');
      const stop = onRemoteSignOut(() => undefined);
      const frame = document.createElement('iframe');
      let removed = false;
      const result = new Promise<unknown>((resolve) => {
        window.addEventListener('message', function onMessage(event: MessageEvent) {
          if (event.source !== frame.contentWindow || !event.data?.frontChannel) return;
          window.removeEventListener('message', onMessage);
          resolve(event.data.frontChannel);
        });
      });
      const page = new URL(`${fixtures}front-channel.html?iss=https%3A%2F%2Fop.example&sid=s-1`);
      page.searchParams.set('authority', AUTHORITY);
      page.searchParams.set('client_id', CLIENT_ID);
      frame.addEventListener('load', () =>
        setTimeout(() => {
          removed = true;
          frame.remove();
        }, 300),
      );
      frame.src = page.href;
      document.body.append(frame);
      try {
        const reported = await Promise.race([result, aTimeout(3000).then(() => 'never reported')]);
        expect(reported).to.deep.equal({ status: 'signed-out' });
        expect(removed, 'reported before the frame was removed').to.equal(false);
        expect(sessionStorage.getItem(userKey)).to.equal(null);
        expect(localStorage.getItem('app.cart'), 'the shared storage cleared').to.equal(null);
        const record = JSON.parse(localStorage.getItem('sign-out-button.recent-sign-outs') ?? '[]') as unknown[];
        expect(record.length, 'the record for back/forward-cache pages').to.be.greaterThan(0);
      } finally {
        stop();
        frame.remove();
      }
    });

    it('nobody signed in: ignored, not-signed-in', async () => {
      const stop = onRemoteSignOut(() => undefined);
      try {
        expect(await frontChannel('iss=https%3A%2F%2Fop.example&sid=s-1')).to.deep.equal({
          status: 'ignored',
          reason: 'not-signed-in',
        });
      } finally {
        stop();
      }
    });

    it('a user kept in localStorage is reached by the frame itself, and shared storage is cleared', async () => {
      const userKey = storeUser(localStorage);
      localStorage.setItem('app.cart', '3');
      // A page of the site that has the package loaded (its mark tells the frame it is not partitioned).
      const stop = onRemoteSignOut(() => undefined);
      try {
        expect(await frontChannel('iss=https%3A%2F%2Fop.example&sid=s-1')).to.deep.equal({ status: 'signed-out' });
      } finally {
        stop();
      }
      expect(localStorage.getItem(userKey)).to.equal(null);
      expect(localStorage.getItem('app.cart')).to.equal(null);
    });

    it('opened at top level, not in a frame: ignored, not-framed, and nothing changes', async () => {
      const userKey = storeUser();
      const localKey = storeUser(localStorage);
      localStorage.setItem('app.cart', '3');
      const heard: unknown[] = [];
      const stop = onRemoteSignOut((event) => heard.push(event));
      try {
        history.replaceState(null, '', `${location.pathname}?iss=https%3A%2F%2Fop.example&sid=s-1`);
        const result = await handleFrontChannelLogout({ authority: AUTHORITY, clientId: CLIENT_ID });
        expect(result).to.deep.equal({ status: 'ignored', reason: 'not-framed' });
        await aTimeout(200);
      } finally {
        stop();
      }
      expect(heard).to.deep.equal([]);
      expect(sessionStorage.getItem(userKey)).to.not.equal(null);
      expect(localStorage.getItem(localKey)).to.not.equal(null);
      expect(localStorage.getItem('app.cart')).to.equal('3');
    });

    it('bad options are invalid-config', async () => {
      const error = await rejectionOf(handleFrontChannelLogout({ authority: 'not a url', clientId: CLIENT_ID }));
      expect(error.code).to.equal('invalid-config');
    });
  });

  describe('deep storage', () => {
    const openDatabase = (name: string, keepOpen = false) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name, 1);
        request.onsuccess = () => {
          if (!keepOpen) request.result.close();
          resolve(request.result);
        };
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      });
    const databaseNames = async () => (await indexedDB.databases()).map((database) => database.name).sort();

    it('indexeddb and caches: everything goes but kept names, and a database held open does not hold the sign-out', async () => {
      await openDatabase('app-db');
      await openDatabase('keep-db');
      const held = await openDatabase('app-held', true);
      await (await caches.open('app-cache')).put('/x', new Response('x'));
      await (await caches.open('keep-cache')).put('/x', new Response('x'));
      const started = performance.now();
      await signOut({ mode: 'local', clearStorage: 'indexeddb caches', keepStorage: 'keep-*' });
      // Bounded: a sign-out that waited for the held database would wait until the test timed out.
      expect(performance.now() - started).to.be.below(4000);
      expect(await caches.keys()).to.deep.equal(['keep-cache']);
      const names = await databaseNames();
      expect(names).to.include('keep-db');
      expect(names).to.not.include('app-db');
      held.close();
      await caches.delete('keep-cache');
      indexedDB.deleteDatabase('keep-db');
    });

    it('asks the browser not to sign the person straight back in, where it can', async () => {
      const credentials = navigator.credentials as CredentialsContainer | undefined;
      if (typeof credentials?.preventSilentAccess === 'function') {
        let calls = 0;
        const original = credentials.preventSilentAccess.bind(credentials);
        credentials.preventSilentAccess = () => {
          calls += 1;
          return original();
        };
        try {
          await signOut({ mode: 'local' });
        } finally {
          credentials.preventSilentAccess = original;
        }
        expect(calls).to.equal(1);
      } else {
        // This engine has no Credential Management API: the sign-out goes on without it.
        expect((await signOut({ mode: 'local' })).providerSession).to.equal('skipped');
      }
    });
  });

  describe("an iframe with no return page (PRIVO's partner sample)", () => {
    it('ends unconfirmed once the provider page settled (not at its first load), with no fallback, then after-url', async () => {
      const firstLoad = new Promise<boolean>((resolve) => {
        const seen = new MutationObserver(() => {
          const frame = document.querySelector('iframe');
          if (!frame) return;
          seen.disconnect();
          // The end-session page's own load (not the frame's about:blank), then a moment after it.
          frame.addEventListener('load', function onLoad() {
            if (!frame.contentWindow?.location.href.includes('behave=submit-once')) return;
            frame.removeEventListener('load', onLoad);
            setTimeout(() => resolve(frame.isConnected));
          });
        });
        seen.observe(document.body, { childList: true });
      });
      const pending = signOut({
        authority: AUTHORITY,
        clientId: CLIENT_ID,
        endSessionEndpoint: `${fixtures}end-session.html`,
        extraParams: { behave: 'submit-once' },
        mode: 'iframe',
        afterUrl: '/after.html',
      });
      expect(await firstLoad, 'still there after its first load').to.equal(true);
      const result = await pending;
      expect(result).to.include({ mode: 'iframe', method: 'get', providerSession: 'unconfirmed' });
      expect(document.querySelectorAll('iframe').length).to.equal(0);
      expect(nav.assigned, 'no fallback redirect, only after-url').to.deep.equal([
        new URL('/after.html', location.href).href,
      ]);
    });

    it('gives up at timeout on a provider page that never settles', async () => {
      const started = performance.now();
      const result = await signOut({
        endSessionEndpoint: `${fixtures}end-session.html`,
        extraParams: { behave: 'reload' },
        mode: 'iframe',
        timeout: 1500,
      });
      expect(result.providerSession).to.equal('unconfirmed');
      // A page that moves on every 300 ms never counts as settled: only the timeout ended the wait.
      expect(performance.now() - started, 'not before the timeout').to.be.at.least(1500);
      expect(document.querySelectorAll('iframe').length).to.equal(0);
    });
  });
});

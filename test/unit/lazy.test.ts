// The element's side of the lazy first load: the sign-out code loads on intent (pointerover, focusin,
// touchstart), once per sign-out; never for a button that is only rendered; a click that came
// first loads it itself (a popup opening before it), and a chunk that cannot be loaded is a
// `load-failed` sign-out-error. The network side (chunks, discovery, the click after a hover)
// is test/e2e/performance.test.mjs.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import * as cdnApi from '../../src/shell/drop-in-api.js';
import '../../src/define.js';
import { onRemoteSignOut, type SignOutButton, type SignOutOptions } from '../../src/index.js';
import { signOutChunk } from '../../src/shell/chunks.js';
import { oidcClientTsChunk } from '../../src/provider/oidc-client-ts.js';
import {
  AUTHORITY,
  CLIENT_ID,
  END_SESSION,
  eachTestWatchesNavigation,
  recordEvents,
  rejectionOf,
  storeUser,
} from './support.js';

type Work = Awaited<ReturnType<typeof signOutChunk.import>>;
const realImport = signOutChunk.import;

/** Counts the chunk's loads and the warm-ups it is asked for, as the element makes them. */
function watchWork() {
  const seen = { loads: 0, warmed: [] as SignOutOptions[] };
  signOutChunk.loaded = undefined;
  signOutChunk.ready = undefined;
  signOutChunk.import = async () => {
    seen.loads += 1;
    const work = await realImport();
    return {
      ...work,
      warmSignOut: (options: SignOutOptions) => {
        seen.warmed.push(options);
        return work.warmSignOut(options);
      },
    } as Work;
  };
  return seen;
}

function forgetWork() {
  signOutChunk.import = realImport;
  signOutChunk.loaded = undefined;
  signOutChunk.ready = undefined;
}

const button = (mode = 'redirect') =>
  fixture<SignOutButton>(
    html`<sign-out-button
      authority=${AUTHORITY}
      client-id=${CLIENT_ID}
      end-session-endpoint=${END_SESSION}
      mode=${mode}
    ></sign-out-button>`,
  );

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
/** What the browser fires when a pointer enters, a focus lands or a touch starts (all bubble, composed). */
const intent = (el: Element, type: string) =>
  (type === 'focusin' ? el.shadowRoot!.querySelector('button')! : el).dispatchEvent(
    new Event(type, { bubbles: true, composed: true }),
  );

describe('<sign-out-button> loads its sign-out code lazily', () => {
  const nav = eachTestWatchesNavigation();
  afterEach(forgetWork);

  it('a rendered button, its attributes changed, moved and removed, loads nothing', async () => {
    const seen = watchWork();
    const el = await button();
    el.setAttribute('mode', 'iframe');
    el.disabled = true;
    await el.updateComplete;
    document.body.append(el);
    el.remove();
    await settle();
    expect(seen.loads).to.equal(0);
    expect(signOutChunk.ready).to.equal(undefined);
  });

  for (const type of ['pointerover', 'focusin', 'touchstart']) {
    it(`${type} loads it and warms this sign-out`, async () => {
      const seen = watchWork();
      const el = await button();
      intent(el, type);
      await waitUntil(() => seen.warmed.length > 0, 'warmed', { timeout: 5000 });
      expect(seen.loads).to.equal(1);
      expect(seen.warmed).to.have.length(1);
      expect(seen.warmed[0]).to.include({ authority: AUTHORITY, clientId: CLIENT_ID, endSessionEndpoint: END_SESSION });
      expect(signOutChunk.ready).to.not.equal(undefined);
    });
  }

  it('a button inside a closed shadow root (a component that hides its inside) warms too', async () => {
    const seen = watchWork();
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'closed' });
    const el = document.createElement('sign-out-button');
    Object.assign(el, { authority: AUTHORITY, clientId: CLIENT_ID, endSessionEndpoint: END_SESSION });
    root.append(el);
    await el.updateComplete;
    intent(el, 'pointerover');
    await waitUntil(() => seen.warmed.length > 0, 'warmed', { timeout: 5000 });
    expect(seen.warmed[0]).to.include({ authority: AUTHORITY });
  });

  it('never twice: more hovers, a focus and a touch after the first do nothing more', async () => {
    const seen = watchWork();
    const el = await button();
    intent(el, 'pointerover');
    await waitUntil(() => seen.warmed.length > 0, 'warmed', { timeout: 5000 });
    for (const type of ['pointerover', 'focusin', 'touchstart', 'pointerover']) intent(el, type);
    await settle();
    expect(seen.loads).to.equal(1);
    expect(seen.warmed).to.have.length(1);
  });

  it('a disabled button does not warm; once enabled, the next intent does', async () => {
    const seen = watchWork();
    const el = await button();
    el.disabled = true;
    await el.updateComplete;
    intent(el, 'pointerover');
    await settle();
    expect(seen.warmed).to.have.length(0);
    el.disabled = false;
    await el.updateComplete;
    intent(el, 'pointerover');
    await waitUntil(() => seen.warmed.length > 0, 'warmed', { timeout: 5000 });
  });

  it('another provider set after warming is warmed at the next intent', async () => {
    const seen = watchWork();
    const el = await button();
    intent(el, 'pointerover');
    await waitUntil(() => seen.warmed.length > 0, 'warmed', { timeout: 5000 });
    el.setAttribute('authority', 'https://other-op.example');
    await el.updateComplete;
    intent(el, 'pointerover');
    await waitUntil(() => seen.warmed.length > 1, 'warmed again', { timeout: 5000 });
    expect(seen.warmed.map((options) => options.authority)).to.deep.equal([AUTHORITY, 'https://other-op.example']);
    expect(seen.loads).to.equal(1, 'the chunk itself is loaded once');
  });

  it('a warm-up that fails is silent: no event, no console; the click reports it', async () => {
    watchWork();
    const el = await fixture<SignOutButton>(
      html`<sign-out-button authority="https://op.invalid" client-id=${CLIENT_ID}></sign-out-button>`,
    );
    const seen = { failed: false };
    signOutChunk.import = async () => {
      const work = await realImport();
      return {
        ...work,
        warmSignOut: (options: SignOutOptions) =>
          work.warmSignOut(options).catch((error: unknown) => {
            seen.failed = true;
            throw error;
          }),
      } as Work;
    };
    const recorded = recordEvents(el);
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      intent(el, 'pointerover');
      await waitUntil(() => seen.failed, 'the warm-up failed', { timeout: 10000 });
      await settle();
    } finally {
      console.error = originalError;
      recorded.stop();
    }
    expect(recorded.events).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('a cold click loads oidc-client-ts beside the sign-out chunk, not after it; discovery follows the chunk', async () => {
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    signOutChunk.loaded = undefined;
    signOutChunk.ready = undefined;
    signOutChunk.import = async () => {
      await gate;
      return realImport();
    };
    const authority = `${location.origin}/fixtures/logout-op`;
    const discovery = `${authority}/.well-known/openid-configuration`;
    const el = await fixture<SignOutButton>(
      html`<sign-out-button authority=${authority} client-id=${CLIENT_ID}></sign-out-button>`,
    );
    const done = el.signOut();
    await waitUntil(() => oidcClientTsChunk.loaded !== undefined, 'oidc-client-ts while the chunk waits', {
      timeout: 5000,
    });
    expect(signOutChunk.ready, 'the sign-out chunk still held').to.equal(undefined);
    release();
    const result = await done;
    expect(result.providerSession).to.equal('redirecting');
    expect(new URL(nav.assigned[0]).pathname).to.equal('/fixtures/end-session.html');
    expect(performance.getEntriesByName(discovery)).to.have.length(1, 'fetched once');
  });

  it('a click that comes first loads it, then signs out', async () => {
    const seen = watchWork();
    const el = await button();
    const result = await el.signOut();
    expect(seen.loads).to.equal(1);
    expect(result.providerSession).to.equal('redirecting');
    expect(nav.assigned).to.have.length(1);
  });

  describe('a chunk that cannot be loaded', () => {
    beforeEach(() => {
      signOutChunk.loaded = undefined;
      signOutChunk.ready = undefined;
      signOutChunk.import = () =>
        Promise.reject(new TypeError('Failed to fetch dynamically imported module: sign-out-chunk-x.js'));
    });

    it("another tab's sign-out is applied all the same: this tab's user and session data go, and the page hears it", async () => {
      const userKey = storeUser();
      sessionStorage.setItem('draft', 'x');
      sessionStorage.setItem('keep.me', 'y');
      const heard: unknown[] = [];
      const stop = onRemoteSignOut((event) => heard.push(event));
      try {
        const channel = new BroadcastChannel('sign-out-button');
        channel.postMessage({
          type: 'signed-out',
          from: 'another-tab',
          authority: AUTHORITY,
          clientId: CLIENT_ID,
          clearing: { session: true, keep: ['keep.*'] },
        });
        channel.close();
        await waitUntil(() => heard.length > 0, 'the page heard it', { timeout: 5000 });
      } finally {
        stop();
      }
      expect(heard).to.deep.equal([{ source: 'tab' }]);
      expect(sessionStorage.getItem(userKey)).to.equal(null);
      expect({ ...sessionStorage }).to.deep.equal({ 'keep.me': 'y' });
    });

    it('a click signs out of the site all the same: start, the user and storage gone, other tabs told, then load-failed', async () => {
      const userKey = storeUser();
      localStorage.setItem('app.cart', '3');
      sessionStorage.setItem('draft', 'x');
      const told: unknown[] = [];
      const channel = new BroadcastChannel('sign-out-button');
      channel.onmessage = (event) => told.push(event.data);
      const el = await fixture<SignOutButton>(
        html`<sign-out-button
          authority=${AUTHORITY}
          client-id=${CLIENT_ID}
          end-session-endpoint=${END_SESSION}
          keep-storage="app.*"
        ></sign-out-button>`,
      );
      const recorded = recordEvents(el);
      const failed = new Promise((resolve) => el.addEventListener('sign-out-error', resolve, { once: true }));
      el.click();
      await failed;
      await waitUntil(() => told.length > 0, 'the other tabs were told', { timeout: 5000 });
      channel.close();
      recorded.stop();
      expect(recorded.events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-error']);
      const { error } = recorded.events[1].detail as { error: { code: string; message: string } };
      expect(error.code).to.equal('load-failed');
      expect(error.message).to.match(/sign-out code could not be loaded/);
      expect(sessionStorage.getItem(userKey), 'the stored user is removed').to.equal(null);
      expect(sessionStorage.getItem('draft'), 'session storage is cleared').to.equal(null);
      expect(localStorage.getItem('app.cart'), 'keep-storage is honoured').to.equal('3');
      expect(told).to.deep.equal([
        {
          type: 'signed-out',
          from: (told[0] as { from: string }).from,
          authority: AUTHORITY,
          clientId: CLIENT_ID,
          clearing: { session: true, keep: ['app.*'] },
        },
      ]);
      expect(nav.assigned, 'the provider is not contacted: its request needs the code').to.deep.equal([]);
      await waitUntil(() => !el.busy, 'the button is usable again', { timeout: 1000 });
      // The failure is not kept: with the chunk back, the next click signs out at the provider.
      signOutChunk.import = realImport;
      await el.signOut();
      expect(nav.assigned).to.have.length(1);
    });

    it('with options it cannot read, nothing changes: invalid-config, no start', async () => {
      const userKey = storeUser();
      const el = await fixture<SignOutButton>(
        html`<sign-out-button authority=${AUTHORITY} client-id=${CLIENT_ID} mode="sideways"></sign-out-button>`,
      );
      const recorded = recordEvents(el);
      const error = await rejectionOf(el.signOut());
      recorded.stop();
      expect(error.code).to.equal('invalid-config');
      expect(recorded.events.map((event) => event.type)).to.deep.equal(['sign-out-error']);
      expect(sessionStorage.getItem(userKey)).to.not.equal(null);
    });

    it('a cancelled sign-out-start changes nothing', async () => {
      const userKey = storeUser();
      const el = await fixture<SignOutButton>(
        html`<sign-out-button
          authority=${AUTHORITY}
          client-id=${CLIENT_ID}
          @sign-out-start=${(event: Event) => event.preventDefault()}
        ></sign-out-button>`,
      );
      expect((await rejectionOf(el.signOut())).code).to.equal('aborted');
      expect(sessionStorage.getItem(userKey)).to.not.equal(null);
    });

    it('a popup opened at the click, before the load, is closed again', async () => {
      const opened = {
        closed: false,
        close() {
          this.closed = true;
        },
      };
      const originalOpen = window.open;
      window.open = () => opened as unknown as Window;
      try {
        const el = await button('popup');
        const error = await rejectionOf(el.signOut());
        expect(error.code).to.equal('load-failed');
      } finally {
        window.open = originalOpen;
      }
      expect(opened.closed).to.equal(true);
    });

    it('the drop-in signOut(): signs out of the site, then rejects load-failed and fires sign-out-error on document', async () => {
      const recorded = recordEvents(document);
      const error = await rejectionOf(
        cdnApi.signOut({ authority: AUTHORITY, clientId: CLIENT_ID, endSessionEndpoint: END_SESSION }),
      );
      recorded.stop();
      expect(error.code).to.equal('load-failed');
      expect(recorded.events.map((event) => event.type)).to.deep.equal(['sign-out-start', 'sign-out-error']);
      expect(nav.assigned).to.deep.equal([]);
    });
  });

  it('a popup opened at a cold click is the one used; cancelled at sign-out-start, it is closed', async () => {
    forgetWork();
    const opened = {
      closed: false,
      close() {
        this.closed = true;
      },
    };
    const originalOpen = window.open;
    let opens = 0;
    window.open = () => {
      opens += 1;
      return opened as unknown as Window;
    };
    try {
      const el = await fixture<SignOutButton>(
        html`<sign-out-button
          authority=${AUTHORITY}
          client-id=${CLIENT_ID}
          end-session-endpoint=${END_SESSION}
          post-logout-redirect-uri=${new URL('/bye', location.href).href}
          mode="popup"
          @sign-out-start=${(event: Event) => event.preventDefault()}
        ></sign-out-button>`,
      );
      const error = await rejectionOf(el.signOut());
      expect(error.code).to.equal('aborted');
    } finally {
      window.open = originalOpen;
    }
    expect(opens).to.equal(1, 'opened once, at the click, and not again after the load');
    expect(opened.closed).to.equal(true);
  });

  it('the drop-in API functions are the npm entry functions behind a load', async () => {
    forgetWork();
    const error = await rejectionOf(cdnApi.prepareSignOut({ mode: 'sideways' as 'local' }));
    expect(error.code).to.equal('invalid-config');
    // On a page with no returned state: nothing to verify, no after-url.
    expect(await cdnApi.completeSignOut({ navigate: false })).to.deep.equal({ state: undefined, afterUrl: null });
  });
});

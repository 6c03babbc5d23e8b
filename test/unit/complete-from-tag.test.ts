// A return page with no inline script: the drop-in file's own <script data-complete-sign-out> tag
// completes the sign-out, with the tag's data-allowed-origins. Whatever the tag or the URL says,
// nothing is thrown to the page: a failure is one console line, and no token is in it.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { signOut } from '../../src/index.js';
import { signOutChunk } from '../../src/shell/chunks.js';
import { completeSignOutFor } from '../../src/shell/drop-in-api.js';
import {
  AUTHORITY,
  CLIENT_ID,
  END_SESSION,
  ID_TOKEN,
  eachTestWatchesNavigation,
  type NavigationWatch,
} from './support.js';

const testPage = location.href;
const returnPage = location.pathname;

async function sentState(nav: NavigationWatch, afterUrl: string, allowedOrigins?: string): Promise<string> {
  await signOut({
    authority: AUTHORITY,
    clientId: CLIENT_ID,
    endSessionEndpoint: END_SESSION,
    idTokenHint: ID_TOKEN,
    postLogoutRedirectUri: returnPage,
    afterUrl,
    allowedOrigins,
  });
  return new URL(nav.assigned.at(-1)!).searchParams.get('state')!;
}

/** A `<script>` tag as a return page has it, with `attributes`. */
function scriptTag(attributes: Record<string, string>): HTMLScriptElement {
  const tag = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) tag.setAttribute(name, value);
  return tag;
}

/** Resolves once `done()` holds, or rejects after `ms`. */
async function until(done: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The console errors and unhandled rejections while a test runs. */
function eachTestWatchesConsole() {
  const seen = { errors: [] as string[], unhandled: [] as unknown[] };
  const original = console.error;
  const onUnhandled = (event: PromiseRejectionEvent) => {
    seen.unhandled.push(event.reason);
    event.preventDefault();
  };
  beforeEach(() => {
    seen.errors.length = 0;
    seen.unhandled.length = 0;
    console.error = (...args: unknown[]) => void seen.errors.push(args.join(' '));
    window.addEventListener('unhandledrejection', onUnhandled);
  });
  afterEach(() => {
    console.error = original;
    window.removeEventListener('unhandledrejection', onUnhandled);
  });
  return seen;
}

/** Waits a little for anything the tag would do (a navigation, a console line). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('data-complete-sign-out', () => {
  const nav = eachTestWatchesNavigation();
  const seen = eachTestWatchesConsole();
  afterEach(() => history.replaceState(null, '', testPage));

  it('on the tag, the return is verified and the page goes on to after-url', async () => {
    const state = await sentState(nav, '/after.html');
    history.replaceState(null, '', `${returnPage}?state=${state}`);
    completeSignOutFor(scriptTag({ 'data-complete-sign-out': '' }));
    await until(() => nav.replaced.length > 0);
    expect(nav.replaced).to.deep.equal([new URL('/after.html', location.href).href]);
    expect(seen.errors).to.deep.equal([]);
  });

  it('without it, or without a tag, nothing happens', async () => {
    const state = await sentState(nav, '/after.html');
    history.replaceState(null, '', `${returnPage}?state=${state}`);
    completeSignOutFor(scriptTag({ 'data-allowed-origins': 'https://shop.example' }));
    completeSignOutFor(null);
    completeSignOutFor(undefined);
    await settle();
    expect(nav.replaced).to.deep.equal([]);
    // The state was not spent: the page's own call still completes.
    completeSignOutFor(scriptTag({ 'data-complete-sign-out': '' }));
    await until(() => nav.replaced.length > 0);
  });

  it('data-allowed-origins lets the recorded after-url leave the origin; without it, unsafe-url', async () => {
    const state = await sentState(nav, 'https://shop.example/bye', 'https://shop.example');
    history.replaceState(null, '', `${returnPage}?state=${state}`);
    completeSignOutFor(scriptTag({ 'data-complete-sign-out': '', 'data-allowed-origins': 'https://shop.example' }));
    await until(() => nav.replaced.length > 0);
    expect(nav.replaced).to.deep.equal(['https://shop.example/bye']);

    const again = await sentState(nav, 'https://shop.example/bye', 'https://shop.example');
    history.replaceState(null, '', `${returnPage}?state=${again}`);
    completeSignOutFor(scriptTag({ 'data-complete-sign-out': '' }));
    await until(() => seen.errors.length > 0);
    expect(nav.replaced).to.have.length(1);
    expect(seen.errors[0]).to.match(/^<sign-out-button>: data-complete-sign-out could not complete .*\(unsafe-url\)/);
    expect(seen.unhandled).to.deep.equal([]);
  });

  it('a state that does not match is one console line, not an uncaught error', async () => {
    await sentState(nav, '/after.html');
    history.replaceState(null, '', `${returnPage}?state=0123456789abcdef`);
    completeSignOutFor(scriptTag({ 'data-complete-sign-out': '' }));
    await until(() => seen.errors.length > 0);
    await settle();
    expect(seen.errors).to.have.length(1);
    expect(seen.errors[0]).to.include('(state-mismatch)');
    expect(seen.unhandled).to.deep.equal([]);
    expect(nav.replaced).to.deep.equal([]);
  });

  it('a sign-out chunk that cannot be loaded is one console line (load-failed)', async () => {
    const realImport = signOutChunk.import;
    const { ready } = signOutChunk;
    signOutChunk.import = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    signOutChunk.loaded = undefined;
    try {
      completeSignOutFor(scriptTag({ 'data-complete-sign-out': '' }));
      await until(() => seen.errors.length > 0);
    } finally {
      signOutChunk.import = realImport;
      signOutChunk.loaded = undefined;
      signOutChunk.ready = ready;
    }
    expect(seen.errors[0]).to.match(/^<sign-out-button>: The package's sign-out code could not be loaded/);
    expect(seen.unhandled).to.deep.equal([]);
  });

  it('any data-allowed-origins and any returned state: no throw, at most one line, no token (property-based, seeded)', async () => {
    const origin = fc.constantFrom('https://shop.example', 'http://127.0.0.1:1', location.origin, 'https://*.example');
    const allowed = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .array(fc.oneof(origin, fc.webUrl(), fc.string({ maxLength: 12 })), { maxLength: 4 })
        .map((list) => list.join(' ')),
    );
    const returned = fc.oneof(fc.constant('sent'), fc.string({ maxLength: 30 }), fc.constant(ID_TOKEN));
    await fc.assert(
      fc.asyncProperty(allowed, returned, async (allowedOrigins, returnedState) => {
        nav.replaced.length = 0;
        seen.errors.length = 0;
        const state = await sentState(nav, 'https://shop.example/bye', 'https://shop.example');
        const query = new URLSearchParams({ state: returnedState === 'sent' ? state : returnedState });
        history.replaceState(null, '', `${returnPage}?${query}`);
        const warned: string[] = [];
        const warn = console.warn;
        console.warn = (...args: unknown[]) => void warned.push(args.join(' '));
        try {
          expect(() =>
            completeSignOutFor(scriptTag({ 'data-complete-sign-out': '', 'data-allowed-origins': allowedOrigins })),
          ).not.to.throw();
          await until(() => nav.replaced.length > 0 || seen.errors.length > 0 || returnedState === '');
          await new Promise((resolve) => setTimeout(resolve, 20));
        } finally {
          console.warn = warn;
        }
        const lists = allowedOrigins.split(/\s+/);
        if (nav.replaced.length) {
          // Only a verified state, with the after-url's origin given by the tag, navigates.
          expect(returnedState).to.equal('sent');
          expect(lists).to.include('https://shop.example');
          expect(nav.replaced).to.deep.equal(['https://shop.example/bye']);
        }
        expect(seen.errors.length).to.be.at.most(1);
        for (const line of [...seen.errors, ...warned]) {
          expect(line.startsWith('<sign-out-button>: ')).to.equal(true, line);
          expect(line).not.to.include(ID_TOKEN.split('.')[1]);
        }
        expect(seen.unhandled).to.deep.equal([]);
      }),
      { seed: 19, numRuns: 40 },
    );
  });
});

// Test support for the component tests: watching navigation, recording events, seeding a stored
// oidc-client-ts user, and making a storage throw. Nothing here stands in for the provider.
import { expect } from '@open-wc/testing';
import { SignOutError } from '../../src/core/errors.js';
import { navigation } from '../../src/platform/navigation.js';
import { storageAccess } from '../../src/platform/web-storage.js';

/** A JWT-shaped token; tests check it never leaks into messages, details or the console. */
export const ID_TOKEN =
  'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL29wLmV4YW1wbGUiLCJzdWIiOiJ1MSIsImF1ZCI6ImNsaWVudC0xIiwic2lkIjoicy0xIn0.c2lnbmF0dXJl';
export const AUTHORITY = 'https://op.example/tenant';
export const CLIENT_ID = 'client-1';
export const END_SESSION = 'https://op.example/tenant/logout';
/**
 * A provider on the test server's own origin (its discovery document is a fixture of
 * web-test-runner.config.mjs), for tests whose end-session page is a fixture here: the stored ID
 * token goes only to an endpoint on its provider's origin.
 */
export const FIXTURE_AUTHORITY = `${location.origin}/fixtures/logout-op`;

export interface NavigationWatch {
  assigned: string[];
  replaced: string[];
  posted: { url: string; endpoint: string }[];
  /** When the package reloaded the page (back from the back/forward cache after a sign-out). */
  reloads: number[];
  restore(): void;
}

/** Records the navigations the package asks for, instead of leaving the test page. */
export function watchNavigation(): NavigationWatch {
  const original = { ...navigation };
  const watch: NavigationWatch = {
    assigned: [],
    replaced: [],
    posted: [],
    reloads: [],
    restore: () => Object.assign(navigation, original),
  };
  navigation.assign = (url) => void watch.assigned.push(url);
  navigation.reload = () => void watch.reloads.push(Date.now());
  navigation.replace = (url) => void watch.replaced.push(url);
  navigation.post = (url, endpoint) => void watch.posted.push({ url, endpoint });
  return watch;
}

/**
 * Registers the per-test set-up of the sign-out tests: empty storage, and navigation watched by
 * the returned object (its lists are fresh in each test).
 */
export function eachTestWatchesNavigation(): NavigationWatch {
  const watch: NavigationWatch = { assigned: [], replaced: [], posted: [], reloads: [], restore: () => undefined };
  beforeEach(() => {
    resetStorage();
    Object.assign(watch, watchNavigation());
  });
  afterEach(() => watch.restore());
  return watch;
}

/** Awaits `promise`, expecting it to reject with a `SignOutError`, and returns that error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<SignOutError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(SignOutError);
    return error as SignOutError;
  }
  throw new Error('expected a SignOutError');
}

export interface RecordedEvent {
  type: string;
  detail: unknown;
  bubbles: boolean;
  composed: boolean;
  cancelable: boolean;
  target: EventTarget | null;
}

const EVENT_TYPES = ['sign-out-start', 'sign-out-complete', 'sign-out-error'] as const;

/** Records every sign-out event that reaches `target` (default: document). */
export function recordEvents(target: EventTarget = document): { events: RecordedEvent[]; stop(): void } {
  const events: RecordedEvent[] = [];
  const listener = (event: Event) => {
    const { type, bubbles, composed, cancelable, target: eventTarget } = event;
    events.push({ type, detail: (event as CustomEvent).detail, bubbles, composed, cancelable, target: eventTarget });
  };
  for (const type of EVENT_TYPES) target.addEventListener(type, listener);
  return { events, stop: () => EVENT_TYPES.forEach((type) => target.removeEventListener(type, listener)) };
}

/** Stores a user the way oidc-client-ts does after sign-in, for `authority` + `clientId`. */
export function storeUser(storage: Storage = sessionStorage, authority = AUTHORITY, clientId = CLIENT_ID): string {
  const key = `oidc.user:${authority}:${clientId}`;
  storage.setItem(
    key,
    JSON.stringify({
      id_token: ID_TOKEN,
      access_token: 'access-token-1',
      token_type: 'Bearer',
      scope: 'openid',
      profile: { sub: 'u1', iss: authority, aud: clientId, sid: 's-1' },
      expires_at: Math.floor(Date.now() / 1000) + 3600,
    }),
  );
  return key;
}

/**
 * Makes the package's `localStorage` or `sessionStorage` throw when touched, as blocked storage
 * does, through its storage seam (WebKit's JIT keeps the native getter after a test redefines
 * `window.localStorage`); returns the undo.
 */
export function blockStorage(name: 'localStorage' | 'sessionStorage'): () => void {
  const blocked = name === 'localStorage' ? 'local' : 'session';
  const original = storageAccess.get;
  storageAccess.get = (area) => {
    if (area === blocked) throw new DOMException('The operation is insecure.', 'SecurityError');
    return original(area);
  };
  return () => {
    storageAccess.get = original;
  };
}

/**
 * Makes some methods of the package's `localStorage` or `sessionStorage` throw (say `removeItem`,
 * `clear` and `key`, as a storage blocked half-way does), the others working; returns the undo.
 */
export function breakStorage(
  name: 'localStorage' | 'sessionStorage',
  broken: readonly ('getItem' | 'setItem' | 'removeItem' | 'clear' | 'key')[],
): () => void {
  const area = name === 'localStorage' ? 'local' : 'session';
  const original = storageAccess.get;
  const real = window[name];
  const fail = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  const call =
    (method: 'getItem' | 'setItem' | 'removeItem' | 'clear' | 'key') =>
    (...args: unknown[]) =>
      broken.includes(method) ? fail() : (real[method] as (...a: unknown[]) => unknown).apply(real, args);
  const half = {
    get length() {
      return real.length;
    },
    getItem: call('getItem'),
    setItem: call('setItem'),
    removeItem: call('removeItem'),
    clear: call('clear'),
    key: call('key'),
  } as unknown as Storage;
  storageAccess.get = (wanted) => (wanted === area ? half : original(wanted));
  return () => {
    storageAccess.get = original;
  };
}

/** The query parameters of a URL, as a list (so a parameter sent twice shows twice). */
export function paramsOf(url: string): [string, string][] {
  return [...new URL(url).searchParams];
}

export function resetStorage(): void {
  localStorage.clear();
  sessionStorage.clear();
  for (const name of document.cookie.split(';').map((pair) => pair.split('=')[0].trim())) {
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

/**
 * The package's marks that hold no user data and are kept through clearing: its record of recent
 * sign-outs (for pages in the back/forward cache) and the mark of a listening page.
 */
export const PACKAGE_MARKS = ['sign-out-button.recent-sign-outs', 'sign-out-button.listening'];

/** What `storage` holds besides the package's marks. */
export function appEntries(storage: Storage): Record<string, string> {
  const entries: Record<string, string> = { ...storage };
  for (const key of PACKAGE_MARKS) delete entries[key];
  return entries;
}

/** Runs `act` and returns its result with the console warnings it caused. */
export async function warningsDuring<T>(act: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    return { result: await act(), warnings };
  } finally {
    console.warn = original;
  }
}

/** Registers a popup blocker for each test: `window.open` answers `null`, as a blocker does. */
export function eachTestBlocksPopups(): void {
  let original: typeof window.open;
  beforeEach(() => {
    original = window.open;
    window.open = () => null;
  });
  afterEach(() => {
    window.open = original;
  });
}

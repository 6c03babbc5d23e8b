import type { UserManager } from 'oidc-client-ts';
import { SignOutError } from '../core/errors.js';
import { checkSafeUrl, parseOrigin } from '../core/url-policy.js';
import {
  IFRAME_TIMEOUT_MS,
  POPUP_TIMEOUT_MS,
  type SignOutFallback,
  type SignOutMethod,
  type SignOutMode,
  type StorageArea,
  type UserStoreName,
} from '../core/values.js';
import { webStorage } from '../platform/web-storage.js';
import { keyMatcher } from '../storage/key-matcher.js';
import { attributeProblems, list, nonEmpty, storageAreas, withoutBlanks } from './checks.js';
import { endSessionParams } from './end-session-params.js';
import { defaultOf, type SignOutOptions } from './option-table.js';

/** The options after checking: everything a sign-out step needs, already validated. */
export interface ResolvedSignOut {
  mode: SignOutMode;
  authority: string | null;
  clientId: string | null;
  endSessionEndpoint: string | null;
  postLogoutRedirectUri: string | null;
  /** The return page is on this page's origin, where the state can be verified. */
  returnsToThisOrigin: boolean;
  idTokenHint: string | null;
  userStore: UserStoreName;
  /** `logout_hint`, `ui_locales` and the extra parameters, in the order they are sent. */
  extraQueryParams: Record<string, string>;
  state: unknown;
  afterUrl: string | null;
  method: SignOutMethod;
  timeout: number;
  fallback: SignOutFallback;
  allowedOrigins: string[];
  clearStorage: StorageArea[];
  keepStorage: (key: string) => boolean;
  /** The `keep-storage` patterns as given, for other tabs. */
  keepPatterns: string[];
  revokeTokens: boolean;
  noBroadcast: boolean;
  userManager: UserManager | null;
  signal: AbortSignal | null;
}

/** Checks `options` and resolves them; throws `invalid-config` or `unsafe-url`. Touches nothing. */
export function resolveOptions(given: SignOutOptions): ResolvedSignOut {
  if (typeof given !== 'object' || given === null) {
    throw new SignOutError('invalid-config', 'signOut() needs an options object.');
  }
  const options = withoutBlanks(given);
  const [problem] = attributeProblems(options);
  if (problem) throw new SignOutError('invalid-config', problem);
  const mode = options.mode ?? defaultOf('mode');
  const userStore = options.userStore ?? defaultOf('userStore');
  const userManager = options.userManager ?? null;
  // An SPA's own UserManager wins over the options it covers: its user was signed in with its
  // client at its authority, and the provider checks the ID token against that client.
  if (userManager) warnDisagreements(userManager, options);
  const spa = userManager?.settings;
  const authority = optionalUrl(spa?.authority ?? options.authority, 'authority');
  const endSessionEndpoint = optionalUrl(options.endSessionEndpoint, 'end-session-endpoint');
  const clientId = nonEmpty(spa?.client_id ?? options.clientId);
  if (authority && !clientId) {
    throw new SignOutError(
      'invalid-config',
      'client-id is required with authority (the stored user is kept per authority and client).',
    );
  }
  if (mode !== 'local' && !authority && !endSessionEndpoint) {
    throw new SignOutError('invalid-config', `mode "${mode}" needs authority or end-session-endpoint.`);
  }

  const allowedOrigins = originsOf(options.allowedOrigins);
  const requestedReturn = options.postLogoutRedirectUri ?? nonEmpty(spa?.post_logout_redirect_uri);
  const postLogoutRedirectUri = requestedReturn
    ? checkSafeUrl(requestedReturn, allowedOrigins, 'post-logout-redirect-uri')
    : null;
  const afterUrl = options.afterUrl ? checkSafeUrl(options.afterUrl, allowedOrigins, 'after-url') : null;
  // The state is kept in this origin's localStorage: only a return page here can verify it.
  const returnsToThisOrigin =
    postLogoutRedirectUri !== null && new URL(postLogoutRedirectUri).origin === window.location.origin;
  const needsReturnHere = (what: string, why: string) =>
    new SignOutError('invalid-config', `${what} needs a post-logout-redirect-uri on this origin: ${why}.`);
  // An iframe without a return page (PRIVO's partner sample) is allowed: it ends unconfirmed.
  if ((mode === 'popup' || (mode === 'iframe' && postLogoutRedirectUri)) && !returnsToThisOrigin) {
    throw needsReturnHere(`mode "${mode}"`, 'its completeSignOut() confirms the sign-out');
  }
  if (afterUrl && mode === 'redirect' && !returnsToThisOrigin) {
    throw needsReturnHere('after-url', 'the provider returns there, and that page goes on to after-url');
  }
  if (options.state !== undefined) {
    if (mode !== 'local' && !returnsToThisOrigin) {
      throw needsReturnHere('state', 'only there can the returned state be verified');
    }
    checkJson(options.state);
  }
  const method = options.method ?? defaultOf('method');
  const fallback = options.fallback ?? defaultOf('fallback');
  const timeout = options.timeout ?? (mode === 'popup' ? POPUP_TIMEOUT_MS : IFRAME_TIMEOUT_MS);

  return {
    mode,
    authority,
    clientId,
    endSessionEndpoint,
    postLogoutRedirectUri,
    returnsToThisOrigin,
    idTokenHint: nonEmpty(options.idTokenHint),
    userStore,
    extraQueryParams: endSessionParams(options),
    state: options.state,
    afterUrl,
    method,
    timeout,
    fallback,
    allowedOrigins,
    clearStorage: storageAreas(options.clearStorage),
    keepStorage: keyMatcher(list(options.keepStorage)),
    keepPatterns: list(options.keepStorage),
    revokeTokens: options.revokeTokens === true,
    noBroadcast: options.noBroadcast === true,
    userManager,
    signal: options.signal ?? null,
  };
}

/** The disagreements already warned about, per `UserManager`: each is said once. */
const warned = new WeakMap<UserManager, Set<string>>();

/** Warns, once each, about `authority`, `client-id` and `user-store` values that `userManager` overrides. */
function warnDisagreements(userManager: UserManager, options: SignOutOptions): void {
  const said = warned.get(userManager) ?? new Set<string>();
  warned.set(userManager, said);
  for (const problem of disagreements(userManager, options)) {
    if (said.has(problem)) continue;
    said.add(problem);
    console.warn(`<sign-out-button>: ${problem}`);
  }
}

/** What the options say that `userManager` says otherwise (its values are used). */
function disagreements(userManager: UserManager, options: SignOutOptions): string[] {
  const { authority, client_id, userStore } = userManager.settings;
  const problems: string[] = [];
  const differs = (what: string, given: string | undefined, own: string | null) => {
    if (given && given !== own)
      problems.push(
        `${what} "${given}" is not the userManager's (${own ? `"${own}"` : 'another store'}): the userManager's is used.`,
      );
  };
  differs('authority', options.authority, authority);
  differs('client-id', options.clientId, client_id);
  // The element always has a user-store ("session" unless set): only another one can disagree.
  // oidc-client-ts keeps its store private; one that is neither of this page's is another store.
  if (options.userStore && options.userStore !== defaultOf('userStore')) {
    const store = (userStore as unknown as { _store?: unknown } | undefined)?._store;
    const own = store === webStorage('local') ? 'local' : store === webStorage('session') ? 'session' : null;
    differs('user-store', options.userStore, own);
  }
  return problems;
}

function optionalUrl(value: string | undefined, what: string): string | null {
  const text = nonEmpty(value);
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SignOutError('invalid-config', `${what} must be an absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SignOutError('invalid-config', `${what} must be an http: or https: URL.`);
  }
  return text;
}

function checkJson(value: unknown): void {
  try {
    JSON.stringify(value);
  } catch (error) {
    throw new SignOutError('invalid-config', 'state must be a JSON value.', { cause: error });
  }
}

/**
 * `allowed-origins` (space-separated, or a list) as canonical origins; throws `invalid-config` for
 * one that is not a URL, and warns about one that is not exactly an origin.
 */
export function originsOf(value: string | readonly string[] | undefined): string[] {
  for (const problem of originProblems(value)) console.warn(`<sign-out-button>: ${problem}`);
  return list(value).map(parseOrigin);
}

/**
 * Warnings for `allowed-origins` entries that are not exact origins: a wildcard, a path or a query
 * would silently match nothing, since a URL is allowed only when its whole origin is listed.
 */
export function originProblems(value: string | readonly string[] | undefined): string[] {
  return list(value).flatMap((entry) => {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // Reported below.
    }
    const exact =
      url !== null && !entry.includes('*') && url.pathname === '/' && !url.search && !url.hash && !url.username;
    return exact
      ? []
      : [
          `allowed-origins: "${entry}" is not an exact origin such as https://example.com (no wildcard, path or query): it matches nothing.`,
        ];
  });
}

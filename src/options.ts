import type { UserManager } from 'oidc-client-ts';
import { SignOutError } from './errors.js';
import type { SignOutMethod } from './form-post.js';
import { keyMatcher, type StorageArea } from './storage.js';
import { checkSafeUrl, parseOrigin } from './url-policy.js';
import {
  attributeProblems,
  list,
  withoutBlanks,
  type SignOutFallback,
  type SignOutMode,
  type UserStoreName,
} from './attribute-values.js';

export { attributeProblems } from './attribute-values.js';
export type { SignOutFallback, SignOutMode, UserStoreName } from './attribute-values.js';

/** Everything `signOut()` and `<sign-out-button>` accept (the attributes in camelCase). */
export interface SignOutOptions {
  /** The provider's issuer URL; the end-session endpoint comes from its discovery document. */
  authority?: string;
  /** The OAuth client ID. */
  clientId?: string;
  /** Use this end-session URL and skip discovery. */
  endSessionEndpoint?: string;
  /** Sent as `post_logout_redirect_uri`; must be registered at the provider. */
  postLogoutRedirectUri?: string;
  /** The ID token to send; otherwise the one oidc-client-ts stored for `authority` + `clientId`. */
  idTokenHint?: string;
  /** Where oidc-client-ts keeps the signed-in user. Default `session`. */
  userStore?: UserStoreName;
  /** Sent as `logout_hint`. */
  logoutHint?: string;
  /** Sent as `ui_locales`; `auto` sends the page's `<html lang>`. */
  uiLocales?: string;
  /** More end-session parameters: query-string form (`a=1&b=2`, `federated`) or a record. */
  extraParams?: string | Record<string, string | number | boolean>;
  /** Any JSON value; the provider returns it and `completeSignOut()` hands it back, verified. */
  state?: unknown;
  /** `redirect` (default), `iframe` (hidden iframe), `popup`, or `local` (no provider call). */
  mode?: SignOutMode;
  /** `get`, `post` (auto-submitted form), or `auto` (default: POST when the GET URL would exceed 2,000 characters). */
  method?: SignOutMethod;
  /** Milliseconds to wait for an `iframe` or `popup` sign-out to be confirmed. Default 5000. */
  timeout?: number;
  /** `redirect` (default) or `none`: what to do when an `iframe`/`popup` sign-out is not confirmed or the popup is blocked. */
  fallback?: SignOutFallback;
  /** Where the user lands when sign-out is done. */
  afterUrl?: string;
  /** Origins besides the page's own that `afterUrl` and `postLogoutRedirectUri` may point to. */
  allowedOrigins?: string | readonly string[];
  /** `local`, `session`, `cookies`, `indexeddb`, `caches` or `none`, space-separated. Default `local session`. */
  clearStorage?: string | readonly string[];
  /** Patterns (`*` wildcard) of storage keys, cookie, database and cache names that clearing leaves alone. */
  keepStorage?: string | readonly string[];
  /** Revoke the stored user's refresh and access tokens at the provider (RFC 7009) before removing it. */
  revokeTokens?: boolean;
  /** Do not tell the origin's other tabs. */
  noBroadcast?: boolean;
  /** An SPA's own oidc-client-ts `UserManager`, used instead of one built from the options. */
  userManager?: UserManager;
  /** Aborts the sign-out before the provider is contacted. */
  signal?: AbortSignal;
}

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

const DEFAULT_TIMEOUT_MS = 5000;
/** End-session parameters that have their own option; `extra-params` may not set them twice. */
const PROTOCOL_PARAMS = [
  'id_token_hint',
  'client_id',
  'post_logout_redirect_uri',
  'state',
  'logout_hint',
  'ui_locales',
];

/** Checks `options` and resolves them; throws `invalid-config` or `unsafe-url`. Touches nothing. */
export function resolveOptions(given: SignOutOptions): ResolvedSignOut {
  if (typeof given !== 'object' || given === null) {
    throw new SignOutError('invalid-config', 'signOut() needs an options object.');
  }
  const options = withoutBlanks(given);
  const [problem] = attributeProblems(options);
  if (problem) throw new SignOutError('invalid-config', problem);
  const mode = options.mode ?? 'redirect';
  const userStore = options.userStore ?? 'session';
  const userManager = options.userManager ?? null;
  // An SPA's own UserManager supplies what the options leave out.
  const spa = userManager?.settings;
  const authority = optionalUrl(options.authority ?? spa?.authority, 'authority');
  const endSessionEndpoint = optionalUrl(options.endSessionEndpoint, 'end-session-endpoint');
  const clientId = nonEmpty(options.clientId ?? spa?.client_id);
  if (authority && !clientId) {
    throw new SignOutError(
      'invalid-config',
      'client-id is required with authority (the stored user is kept per authority and client).',
    );
  }
  if (mode !== 'local' && !authority && !endSessionEndpoint) {
    throw new SignOutError('invalid-config', `mode "${mode}" needs authority or end-session-endpoint.`);
  }

  const allowedOrigins = list(options.allowedOrigins).map(parseOrigin);
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
  const method = options.method ?? 'auto';
  const fallback = options.fallback ?? 'redirect';
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;

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

function endSessionParams(options: SignOutOptions): Record<string, string> {
  const params: Record<string, string> = {};
  const logoutHint = nonEmpty(options.logoutHint);
  if (logoutHint) params.logout_hint = logoutHint;
  const uiLocales = options.uiLocales === 'auto' ? document.documentElement.lang.trim() : nonEmpty(options.uiLocales);
  if (uiLocales) params.ui_locales = uiLocales;
  for (const [name, value] of extraParamEntries(options.extraParams)) {
    if (PROTOCOL_PARAMS.includes(name)) {
      throw new SignOutError(
        'invalid-config',
        `extra-params may not set ${name}: it has its own attribute, and providers reject it twice.`,
      );
    }
    params[name] = value;
  }
  return params;
}

function extraParamEntries(extra: SignOutOptions['extraParams']): [string, string][] {
  if (extra === undefined || extra === null || extra === '') return [];
  if (typeof extra === 'string') return [...new URLSearchParams(extra)];
  if (typeof extra !== 'object') {
    throw new SignOutError('invalid-config', 'extra-params must be a query string or a record of strings.');
  }
  return Object.entries(extra).map(([name, value]) => {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new SignOutError('invalid-config', `extra-params: ${name} must be a string, number or boolean.`);
    }
    return [name, String(value)];
  });
}

function storageAreas(value: SignOutOptions['clearStorage']): StorageArea[] {
  // Each entry was checked by attributeProblems().
  const areas = value === undefined ? ['local', 'session'] : list(value);
  if (areas.includes('none')) {
    if (areas.length > 1)
      throw new SignOutError('invalid-config', 'clear-storage: "none" cannot be combined with other storages.');
    return [];
  }
  return areas as StorageArea[];
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

function nonEmpty(value: string | undefined | null): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

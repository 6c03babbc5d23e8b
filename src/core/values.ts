// The values the options take, each list written once: the option table checks against them, and
// the types the API and the framework entries show are derived from them (through Extract, which
// gives each union a name of its own, so that a compiler says `SignOutMode`, not its members).

/** How the provider is reached: a top-level redirect, a hidden iframe, a popup, or not at all. */
export const MODES = ['redirect', 'iframe', 'popup', 'local'] as const;
export type SignOutMode = Extract<(typeof MODES)[number], string>;

/** How the end-session request is sent: GET, an auto-submitted form POST, or GET unless too long. */
export const METHODS = ['get', 'post', 'auto'] as const;
export type SignOutMethod = Extract<(typeof METHODS)[number], string>;

/** What to do when an `iframe` or `popup` sign-out is not confirmed in time or the popup is blocked. */
export const FALLBACKS = ['redirect', 'none'] as const;
export type SignOutFallback = Extract<(typeof FALLBACKS)[number], string>;

/** Where oidc-client-ts keeps the signed-in user. */
export const USER_STORES = ['session', 'local'] as const;
export type UserStoreName = Extract<(typeof USER_STORES)[number], string>;

/** What `clear-storage` can name (`none`: nothing). */
export const STORAGE_AREAS = ['local', 'session', 'cookies', 'indexeddb', 'caches', 'none'] as const;
export type StorageArea = Exclude<(typeof STORAGE_AREAS)[number], 'none'>;

/** The longest delay timers hold (2³¹ − 1 ms); a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
/**
 * How long an `iframe` sign-out waits for its confirmation unless `timeout` says otherwise: a
 * hidden frame that is not back by then will not be.
 */
export const IFRAME_TIMEOUT_MS = 5000;
/**
 * The same for a `popup`: a person may have to answer the provider's "Do you want to sign out?"
 * there (Glewlwyd and LemonLDAP::NG always ask; LemonLDAP::NG then shows a 30-second page).
 */
export const POPUP_TIMEOUT_MS = 120_000;

/** How far the provider's session got. */
export type ProviderSession = 'ended' | 'unconfirmed' | 'redirecting' | 'skipped';

/** How token revocation went: `skipped` unless it was asked for and there was a token to revoke. */
export type Revocation = 'done' | 'failed' | 'skipped';

import type { UserManager } from 'oidc-client-ts';
import type { SignOutMethod } from './form-post.js';
import type { SignOutFallback, SignOutMode, UserStoreName } from './options.js';
import type { RemoteSignOutDetail, SignOutErrorDetail, SignOutResult, SignOutStartDetail } from './events.js';

/**
 * `<sign-out-button>`'s attributes as a framework's template sees them, for the type-only entries
 * `sign-out-button/jsx` and `sign-out-button/vue`. The values the element rejects at run time
 * (`mode="sideways"`) are rejected here at compile time.
 */
export interface SignOutButtonAttributes {
  authority?: string;
  'client-id'?: string;
  'end-session-endpoint'?: string;
  'post-logout-redirect-uri'?: string;
  'id-token-hint'?: string;
  'user-store'?: UserStoreName;
  'logout-hint'?: string;
  'ui-locales'?: string;
  'extra-params'?: string;
  state?: string;
  mode?: SignOutMode;
  method?: SignOutMethod;
  timeout?: number | `${number}`;
  fallback?: SignOutFallback;
  'after-url'?: string;
  'allowed-origins'?: string;
  'clear-storage'?: string;
  'keep-storage'?: string;
  'revoke-tokens'?: boolean;
  'no-broadcast'?: boolean;
  disabled?: boolean;
}

/** The element's settable properties (camelCase), for frameworks that bind properties. */
export interface SignOutButtonProperties {
  authority?: string;
  clientId?: string;
  endSessionEndpoint?: string;
  postLogoutRedirectUri?: string;
  idTokenHint?: string;
  userStore?: UserStoreName;
  logoutHint?: string;
  uiLocales?: string;
  extraParams?: string;
  state?: string;
  mode?: SignOutMode;
  method?: SignOutMethod;
  timeout?: number | `${number}`;
  fallback?: SignOutFallback;
  afterUrl?: string;
  allowedOrigins?: string;
  clearStorage?: string;
  keepStorage?: string;
  revokeTokens?: boolean;
  noBroadcast?: boolean;
  disabled?: boolean;
  userManager?: UserManager;
}

/** The element's events and their `detail`s. */
export interface SignOutButtonEvents {
  'sign-out-start': CustomEvent<SignOutStartDetail>;
  'sign-out-complete': CustomEvent<SignOutResult>;
  'sign-out-error': CustomEvent<SignOutErrorDetail>;
  'sign-out-remote': CustomEvent<RemoteSignOutDetail>;
}

import type { SignOutMethod } from './form-post.js';
import type { SignOutButton } from './sign-out-button.js';
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

/**
 * The element's settable properties (camelCase), for frameworks that bind properties; `timeout`
 * also as a numeric string, as a template attribute writes it.
 */
export type SignOutButtonProperties = { timeout?: number | `${number}` } & Partial<
  Pick<
    SignOutButton,
    | 'authority'
    | 'clientId'
    | 'endSessionEndpoint'
    | 'postLogoutRedirectUri'
    | 'idTokenHint'
    | 'userStore'
    | 'logoutHint'
    | 'uiLocales'
    | 'extraParams'
    | 'state'
    | 'mode'
    | 'method'
    | 'fallback'
    | 'afterUrl'
    | 'allowedOrigins'
    | 'clearStorage'
    | 'keepStorage'
    | 'revokeTokens'
    | 'noBroadcast'
    | 'disabled'
    | 'userManager'
  >
>;

/** The element's events and their `detail`s. */
export interface SignOutButtonEvents {
  'sign-out-start': CustomEvent<SignOutStartDetail>;
  'sign-out-complete': CustomEvent<SignOutResult>;
  'sign-out-error': CustomEvent<SignOutErrorDetail>;
  'sign-out-remote': CustomEvent<RemoteSignOutDetail>;
}

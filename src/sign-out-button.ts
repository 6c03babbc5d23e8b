import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { UserManager } from 'oidc-client-ts';
import type { SignOutResult } from './events.js';
import type { SignOutMethod } from './form-post.js';
import {
  attributeProblems,
  type SignOutFallback,
  type SignOutMode,
  type SignOutOptions,
  type UserStoreName,
} from './options.js';
import { registerRemoteTarget } from './remote-sign-out.js';
import { runSignOut } from './sign-out.js';
import { styles } from './sign-out-button.styles.js';

/** A number attribute; a blank one counts as absent (the default applies). */
function numberOrAbsent(value: string | null): number | undefined {
  return value === null || value.trim() === '' ? undefined : Number(value);
}

/** The properties that are sign-out options, handed to `signOut` on each click. */
const OPTION_NAMES = [
  'authority',
  'clientId',
  'endSessionEndpoint',
  'postLogoutRedirectUri',
  'idTokenHint',
  'userStore',
  'logoutHint',
  'uiLocales',
  'extraParams',
  'state',
  'mode',
  'method',
  'timeout',
  'fallback',
  'afterUrl',
  'allowedOrigins',
  'clearStorage',
  'keepStorage',
  'revokeTokens',
  'noBroadcast',
  'userManager',
] as const satisfies readonly (keyof SignOutOptions)[];

/**
 * A button that signs the user out of the site and of the OpenID provider.
 *
 * @summary One click: local sign-out, then RP-Initiated Logout at the provider.
 * @tag sign-out-button
 *
 * @fires sign-out-start - A sign-out is about to begin; cancelable, `detail: { mode }`.
 * @fires sign-out-complete - The local sign-out is done and the provider part confirmed, handed to a redirect, or skipped; `detail: SignOutResult`.
 * @fires sign-out-error - The sign-out failed; `detail: { error: SignOutError }`.
 * @fires sign-out-remote - Another tab, or the provider's front-channel logout, signed this user out (stored user and session data already gone); cancelable (unless cancelled the tab goes to `after-url`), `detail: { source: 'tab' | 'front-channel' }`.
 *
 * @slot - The label. Default: "Sign out".
 * @csspart button - The native button.
 * @csspart spinner - The busy indicator inside it, shown while a sign-out runs (still, with reduced motion).
 *
 * @cssproperty --sign-out-button-font - Font of the label.
 * @cssproperty --sign-out-button-color - Text color.
 * @cssproperty --sign-out-button-background - Background.
 * @cssproperty --sign-out-button-border - Border.
 * @cssproperty --sign-out-button-border-radius - Corner radius.
 * @cssproperty --sign-out-button-padding - Padding.
 * @cssproperty --sign-out-button-focus-outline - Outline of the keyboard focus ring.
 * @cssproperty --sign-out-button-disabled-opacity - Opacity while disabled.
 * @cssproperty --sign-out-button-busy-opacity - Opacity of the button while busy.
 * @cssproperty --sign-out-button-spinner-color - Color of the busy indicator (default: the text color).
 * @cssproperty --sign-out-button-spinner-track-color - Color of the rest of its ring.
 * @cssproperty --sign-out-button-spinner-size - Size of the busy indicator.
 */
export class SignOutButton extends LitElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** The provider's issuer URL; the end-session endpoint comes from its discovery document. */
  @property() authority?: string;
  /** The OAuth client ID. */
  @property({ attribute: 'client-id' }) clientId?: string;
  /** Use this end-session URL and skip discovery. */
  @property({ attribute: 'end-session-endpoint' }) endSessionEndpoint?: string;
  /** Sent as `post_logout_redirect_uri`; must be registered at the provider. */
  @property({ attribute: 'post-logout-redirect-uri' }) postLogoutRedirectUri?: string;
  /** The ID token to send; otherwise the one stored for `authority` + `client-id`. */
  @property({ attribute: 'id-token-hint' }) idTokenHint?: string;
  /** Where oidc-client-ts keeps the signed-in user: `session` or `local`. */
  @property({ attribute: 'user-store' }) userStore: UserStoreName = 'session';
  /** Sent as `logout_hint`. */
  @property({ attribute: 'logout-hint' }) logoutHint?: string;
  /** Sent as `ui_locales`; `auto` sends the page's `<html lang>`. */
  @property({ attribute: 'ui-locales' }) uiLocales?: string;
  /** More end-session parameters in query-string form, e.g. `federated` or `a=1&b=2`. */
  @property({ attribute: 'extra-params' }) extraParams?: string;
  /** A string the provider returns; verified on return. */
  @property() state?: string;
  /** `redirect`, `iframe` (hidden iframe, the hosted-site pattern), `popup`, or `local` (no provider call). */
  @property() mode: SignOutMode = 'redirect';
  /** `get`, `post` (auto-submitted form), or `auto` (POST when the GET URL would exceed 2,000 characters). */
  @property() method: SignOutMethod = 'auto';
  /** Milliseconds to wait for an `iframe` or `popup` sign-out to be confirmed. */
  @property({ converter: { fromAttribute: numberOrAbsent } }) timeout?: number = 5000;
  /** `redirect` or `none`: what to do when an `iframe`/`popup` sign-out is not confirmed in time or the popup is blocked. */
  @property() fallback: SignOutFallback = 'redirect';
  /** Where the user lands when sign-out is done. */
  @property({ attribute: 'after-url' }) afterUrl?: string;
  /** Space-separated origins that `after-url` and `post-logout-redirect-uri` may point to. */
  @property({ attribute: 'allowed-origins' }) allowedOrigins?: string;
  /** Space-separated: `local`, `session`, `cookies`, `indexeddb`, `caches`, or `none`. */
  @property({ attribute: 'clear-storage' }) clearStorage = 'local session';
  /** Space-separated patterns (`*` wildcard) of storage keys, cookie, database and cache names that clearing leaves alone. */
  @property({ attribute: 'keep-storage' }) keepStorage?: string;
  /** Revoke the stored user's refresh and access tokens at the provider (RFC 7009) before removing it; best effort, bounded. */
  @property({ type: Boolean, attribute: 'revoke-tokens' }) revokeTokens = false;
  /** Do not tell the origin's other tabs. */
  @property({ type: Boolean, attribute: 'no-broadcast' }) noBroadcast = false;
  /** Disables the button. */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Set while a sign-out runs; read-only for users. */
  @property({ type: Boolean, reflect: true }) busy = false;
  /** An SPA's own oidc-client-ts `UserManager`, used instead of one built from the attributes. */
  @property({ attribute: false }) userManager?: UserManager;

  private running: Promise<SignOutResult> | null = null;

  /** Signs out, exactly as a click does. While a sign-out runs, returns that one. */
  signOut(): Promise<SignOutResult> {
    this.running ??= this.run();
    return this.running;
  }

  private async run(): Promise<SignOutResult> {
    this.busy = true;
    let leaving = false;
    try {
      // The hint has done its work once a sign-out started: no token stays in the DOM.
      const result = await runSignOut(this.options(), this, () => this.dropIdTokenHint());
      leaving = result.providerSession === 'redirecting' || result.afterUrl !== null;
      return result;
    } finally {
      this.running = null;
      // A page that is navigating away stays busy, so a late click sends nothing more.
      if (!leaving) this.busy = false;
    }
  }

  private dropIdTokenHint(): void {
    this.removeAttribute('id-token-hint');
    this.idTokenHint = undefined;
  }

  private options(): SignOutOptions {
    return Object.fromEntries(OPTION_NAMES.map((name) => [name, this[name]]));
  }

  constructor() {
    super();
    // On the host, not the inner button: a click there reaches the host too (composed), and
    // `el.click()` from scripts, menus and test tools is a click as on a native button.
    this.addEventListener('click', () => this.onClick());
  }

  private unregisterRemote: () => void = () => undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pageshow', this.onPageShow);
    // Sign-outs made in other tabs, or by the provider's front-channel logout, reach this tab here.
    this.unregisterRemote = registerRemoteTarget(this, () => this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pageshow', this.onPageShow);
    this.unregisterRemote();
  }

  /** Back from the back/forward cache after leaving: ready again. */
  private onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && !this.running) this.busy = false;
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    const checked = ['mode', 'method', 'userStore', 'clearStorage', 'fallback', 'timeout'] as const;
    if (checked.some((name) => changed.has(name))) {
      for (const problem of attributeProblems(this)) console.warn(`<sign-out-button>: ${problem}`);
    }
  }

  private onClick() {
    if (this.disabled || this.busy) return;
    // Failures reach the page as sign-out-error events; the click itself has no one to reject to.
    this.signOut().catch(() => undefined);
  }

  protected override render() {
    return html`<button
        type="button"
        part="button"
        ?disabled=${this.disabled}
        aria-busy=${this.busy ? 'true' : nothing}
      >
        <span part="spinner" aria-hidden="true"></span>
        <slot>Sign out</slot>
      </button>
      <span class="visually-hidden" role="status">${this.busy ? 'Signing out…' : ''}</span>`;
  }
}

import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import type { UserManager } from 'oidc-client-ts';
import { attributeProblems } from './attribute-values.js';
import type { SignOutError } from './errors.js';
import { dispatchSignOutEvent, type SignOutResult } from './events.js';
import type { SignOutMethod } from './form-post.js';
import { loadWork, workChunk } from './lazy.js';
import { openSignOutPopup, type OpenedPopup } from './navigators/open-popup.js';
import { fetchDiscovery, loadOidcClientTs } from './prefetch.js';
import type { SignOutFallback, SignOutMode, SignOutOptions, UserStoreName } from './options.js';
import { registerRemoteTarget, unregisterRemoteTarget } from './remote-listener.js';
import { styles } from './sign-out-button.styles.js';

// This module is the element's shell, the first load of the drop-in module: rendering, attributes
// and their warnings, and listening for sign-outs made elsewhere. The sign-out itself is loaded
// on first intent (a pointer entering, a focus, a touch), or at the click when none came first.

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

/** What shows a person is about to click. */
const INTENT_EVENTS = ['pointerover', 'focusin', 'touchstart'] as const;
/** The enumerated options, checked when one is set. */
const CHECKED = ['mode', 'method', 'userStore', 'clearStorage', 'fallback', 'timeout'] as const;
/** The properties that decide what warming fetches. */
const WARMED_BY = ['authority', 'endSessionEndpoint', 'mode', 'revokeTokens', 'userManager'] as const;

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
export class SignOutButton extends ReactiveElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { ...ReactiveElement.shadowRootOptions, delegatesFocus: true };
  // Declared here rather than with decorators: the same, in fewer bytes of the first load.
  static override properties = {
    authority: {},
    clientId: { attribute: 'client-id' },
    endSessionEndpoint: { attribute: 'end-session-endpoint' },
    postLogoutRedirectUri: { attribute: 'post-logout-redirect-uri' },
    idTokenHint: { attribute: 'id-token-hint' },
    userStore: { attribute: 'user-store' },
    logoutHint: { attribute: 'logout-hint' },
    uiLocales: { attribute: 'ui-locales' },
    extraParams: { attribute: 'extra-params' },
    state: {},
    mode: {},
    method: {},
    timeout: { converter: { fromAttribute: numberOrAbsent } },
    fallback: {},
    afterUrl: { attribute: 'after-url' },
    allowedOrigins: { attribute: 'allowed-origins' },
    clearStorage: { attribute: 'clear-storage' },
    keepStorage: { attribute: 'keep-storage' },
    revokeTokens: { type: Boolean, attribute: 'revoke-tokens' },
    noBroadcast: { type: Boolean, attribute: 'no-broadcast' },
    disabled: { type: Boolean, reflect: true, useDefault: true },
    busy: { type: Boolean, reflect: true, useDefault: true },
    userManager: { attribute: false },
  };

  /** The provider's issuer URL; the end-session endpoint comes from its discovery document. */
  declare authority?: string;
  /** The OAuth client ID. */
  declare clientId?: string;
  /** Use this end-session URL and skip discovery. */
  declare endSessionEndpoint?: string;
  /** Sent as `post_logout_redirect_uri`; must be registered at the provider. */
  declare postLogoutRedirectUri?: string;
  /** The ID token to send; otherwise the one stored for `authority` + `client-id`. */
  declare idTokenHint?: string;
  /** Where oidc-client-ts keeps the signed-in user: `session` or `local`. */
  userStore: UserStoreName = 'session';
  /** Sent as `logout_hint`. */
  declare logoutHint?: string;
  /** Sent as `ui_locales`; `auto` sends the page's `<html lang>`. */
  declare uiLocales?: string;
  /** More end-session parameters in query-string form, e.g. `federated` or `a=1&b=2`. */
  declare extraParams?: string;
  /** A string the provider returns; verified on return. */
  declare state?: string;
  /** `redirect`, `iframe` (hidden iframe, the hosted-site pattern), `popup`, or `local` (no provider call). */
  mode: SignOutMode = 'redirect';
  /** `get`, `post` (auto-submitted form), or `auto` (POST when the GET URL would exceed 2,000 characters). */
  method: SignOutMethod = 'auto';
  /** Milliseconds to wait for an `iframe` or `popup` sign-out to be confirmed. */
  timeout?: number = 5000;
  /** `redirect` or `none`: what to do when an `iframe`/`popup` sign-out is not confirmed in time or the popup is blocked. */
  fallback: SignOutFallback = 'redirect';
  /** Where the user lands when sign-out is done. */
  declare afterUrl?: string;
  /** Space-separated origins that `after-url` and `post-logout-redirect-uri` may point to. */
  declare allowedOrigins?: string;
  /** Space-separated: `local`, `session`, `cookies`, `indexeddb`, `caches`, or `none`. */
  clearStorage = 'local session';
  /** Space-separated patterns (`*` wildcard) of storage keys, cookie, database and cache names that clearing leaves alone. */
  declare keepStorage?: string;
  /** Revoke the stored user's refresh and access tokens at the provider (RFC 7009) before removing it; best effort, bounded. */
  revokeTokens = false;
  /** Do not tell the origin's other tabs. */
  noBroadcast = false;
  /** Disables the button. */
  disabled = false;
  /** Set while a sign-out runs; read-only for users. */
  busy = false;
  /** An SPA's own oidc-client-ts `UserManager`, used instead of one built from the attributes. */
  declare userManager?: UserManager;

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
      let work = workChunk.ready;
      let popup: OpenedPopup | null | undefined;
      if (!work) {
        // Clicked before the sign-out code was loaded: a popup opens now, while the click's user
        // activation is fresh, and the code loads behind it.
        if (this.mode === 'popup') popup = openSignOutPopup();
        this.prefetch();
        try {
          work = await loadWork();
        } catch (error) {
          if (popup && !popup.window.closed) popup.window.close();
          dispatchSignOutEvent(this, 'sign-out-error', { error: error as SignOutError });
          throw error;
        }
      }
      // The hint has done its work once a sign-out started: no token stays in the DOM.
      const result = await work.runSignOut(this.options(), this, () => this.dropIdTokenHint(), popup);
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
    this.addEventListener('click', SignOutButton.onHostClick as EventListener);
  }

  /**
   * Starts what this sign-out will fetch beside the sign-out chunk, not after it: oidc-client-ts,
   * and the discovery document when there is one to find. A failure here is silent (the sign-out
   * asks again, and reports it); invalid options only mean a fetch that goes unused.
   */
  private prefetch(): void {
    if (this.mode === 'local' || this.userManager) return;
    loadOidcClientTs().catch(() => undefined);
    const authority = this.authority?.trim();
    if (authority && !this.endSessionEndpoint?.trim() && /^https?:\/\//i.test(authority)) {
      fetchDiscovery(authority).catch(() => undefined);
    }
  }

  /** Whether this element's sign-out was warmed; forgotten when what it would fetch changes. */
  private warmed = false;

  /**
   * Intent (a pointer entering, a focus, a touch): loads the sign-out code, oidc-client-ts and the
   * discovery document this click will need, once, so that the click itself waits on no network.
   * Best effort and silent: a failure is the click's to report, and the click tries again.
   */
  private warm(): void {
    if (this.warmed || this.disabled) return;
    this.warmed = true;
    this.prefetch();
    loadWork()
      .then((work) => work.warmSignOut(this.options()))
      .catch(() => undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    SignOutButton.listenOnce(this.getRootNode());
    SignOutButton.connected.add(this);
    // Sign-outs made in other tabs, or by the provider's front-channel logout, reach this tab here.
    registerRemoteTarget(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    SignOutButton.connected.delete(this);
    unregisterRemoteTarget(this);
  }

  /**
   * The page-wide listeners, added once for every button: a page with a thousand buttons must not
   * pay a thousand window listeners (each add and remove scans them all). Intent is noticed where
   * it bubbles to (pointerover, focusin and touchstart are composed): the document, and a closed
   * shadow root a button is in (whose inside the document's listener cannot see). A page back
   * from the back/forward cache makes each button that was leaving ready again.
   */
  private static listening = new WeakSet<Document | ShadowRoot>();

  private static listenOnce(root: Node): void {
    const where = root instanceof ShadowRoot && root.mode === 'closed' ? root : document;
    if (SignOutButton.listening.has(where)) return;
    if (!SignOutButton.listening.has(document) && where !== document) SignOutButton.listenOnce(document);
    SignOutButton.listening.add(where);
    for (const type of INTENT_EVENTS) {
      where.addEventListener(
        type,
        (event) =>
          event
            .composedPath()
            .find((target) => target instanceof SignOutButton)
            ?.warm(),
        { capture: true, passive: true },
      );
    }
    if (where !== document) return;
    window.addEventListener('pageshow', (event) => {
      if (!(event as PageTransitionEvent).persisted) return;
      for (const button of SignOutButton.connected) if (!button.running) button.busy = false;
    });
  }

  /** The connected buttons, wherever they are (light DOM or a component's shadow root). */
  private static connected = new Set<SignOutButton>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (WARMED_BY.some((name) => changed.has(name))) this.warmed = false;
    if (CHECKED.some((name) => changed.has(name))) {
      for (const problem of attributeProblems(this)) console.warn(`<sign-out-button>: ${problem}`);
    }
  }

  /** The click listener of every button (one function, not one per button); `this` is the button. */
  private static onHostClick(this: SignOutButton): void {
    this.onClick();
  }

  private onClick() {
    if (this.disabled || this.busy) return;
    // Failures reach the page as sign-out-error events; the click itself has no one to reject to.
    this.signOut().catch(() => undefined);
  }

  private button?: HTMLButtonElement;
  private status?: HTMLElement;

  /**
   * Renders into the shadow root. The template is fixed but for three values, so Lit's
   * ReactiveElement (properties, attributes, styles, `updateComplete`) updates them directly,
   * without lit-html's templating: 3 KB less for every page that shows a button.
   */
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    if (!this.button) {
      template ??= Object.assign(document.createElement('template'), { innerHTML: TEMPLATE });
      const root = this.renderRoot;
      root.append(template.content.cloneNode(true));
      // The template's two nodes: the button, then the status region.
      this.button = root.firstChild as HTMLButtonElement;
      this.status = root.lastChild as HTMLElement;
    }
    // Only what changed is touched (a thousand buttons render with no needless DOM writes).
    if (changed.has('disabled')) this.button.disabled = this.disabled;
    if (changed.has('busy')) {
      if (this.busy) this.button.setAttribute('aria-busy', 'true');
      else this.button.removeAttribute('aria-busy');
      const text = this.busy ? 'Signing out…' : '';
      if (this.status!.textContent !== text) this.status!.textContent = text;
    }
  }
}

const TEMPLATE =
  '<button type="button" part="button"><span part="spinner" aria-hidden="true"></span><slot>Sign out</slot></button>' +
  '<span class="visually-hidden" role="status"></span>';
let template: HTMLTemplateElement | undefined;

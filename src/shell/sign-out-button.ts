import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import type { SignOutError } from '../core/errors.js';
import type { SignOutResult } from '../core/events.js';
import { attributeProblems } from '../options/checks.js';
import {
  CHECKED,
  SIGN_OUT_OPTIONS,
  WARMED_BY,
  type OptionProperties,
  type SignOutOptions,
} from '../options/option-table.js';
import { openSignOutPopup, type OpenedPopup } from '../platform/open-popup.js';
import { loadSignOutCode, signOutChunk } from './chunks.js';
import { applyDefaults, properties } from './element-properties.js';
import { prefetch } from './prefetch.js';
import { signOutWithoutCode } from './sign-out-without-code.js';
import { styles } from './sign-out-button.styles.js';
import { renderInto } from './sign-out-button.template.js';
import { registerRemoteTarget, unregisterRemoteTarget } from './tab-listener.js';

// The element's shell, the first load of the drop-in module: rendering, attributes and their
// warnings, listening for sign-outs made elsewhere, and the local sign-out when no other code can
// be loaded. The sign-out itself is loaded on first intent, or at the click when none came first.

/**
 * A button that signs the user out of the site and of the OpenID provider.
 *
 * @summary One click: local sign-out, then RP-Initiated Logout at the provider.
 * @tag sign-out-button
 *
 * @fires sign-out-start - A sign-out is about to begin; cancelable, `detail: { mode }`.
 * @fires sign-out-complete - The local sign-out is done and the provider part confirmed, handed to a redirect, or skipped; `detail: SignOutResult`.
 * @fires sign-out-error - The sign-out failed; cancelable (unless cancelled, its code and message go to the console), `detail: { error: SignOutError }`.
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
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- its properties are the option table's (below)
export class SignOutButton extends ReactiveElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { ...ReactiveElement.shadowRootOptions, delegatesFocus: true };
  static override properties = properties;

  private running: Promise<SignOutResult> | null = null;
  /** Whether this element's sign-out was warmed; forgotten when what it would fetch changes. */
  private warmed = false;

  constructor() {
    super();
    applyDefaults(this);
    // On the host, not the inner button: a click there reaches the host too (composed), and
    // `el.click()` from scripts, menus and test tools is a click as on a native button.
    this.addEventListener('click', SignOutButton.onHostClick as EventListener);
    // Intent on the button itself (all three are composed, so a closed shadow root it sits in
    // hides nothing), with one function for every button.
    for (const type of ['pointerover', 'focusin', 'touchstart'])
      this.addEventListener(type, SignOutButton.prototype.warm as EventListener, { passive: true });
  }

  /** Signs out, exactly as a click does. While a sign-out runs, returns that one. */
  signOut(): Promise<SignOutResult> {
    this.running ??= this.run();
    return this.running;
  }

  private async run(): Promise<SignOutResult> {
    this.busy = true;
    let leaving = false;
    try {
      let code = signOutChunk.ready;
      let popup: OpenedPopup | null | undefined;
      if (!code) {
        // Clicked before the sign-out code was loaded: a popup opens now, while the click's user
        // activation is fresh, and the code loads behind it.
        if (this.mode === 'popup') popup = openSignOutPopup();
        prefetch(this);
        try {
          code = await loadSignOutCode();
        } catch (error) {
          if (popup && !popup.window.closed) popup.window.close();
          // Signed out of the site all the same, then load-failed.
          return await signOutWithoutCode(this.options(), this, error as SignOutError, () => this.dropIdTokenHint());
        }
      }
      // The hint has done its work once a sign-out started: no token stays in the DOM.
      const result = await code.runSignOut(this.options(), this, () => this.dropIdTokenHint(), popup);
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
    return Object.fromEntries(SIGN_OUT_OPTIONS.map((name) => [name, this[name]]));
  }

  /**
   * Intent (a pointer entering, a focus, a touch): loads the sign-out code and oidc-client-ts,
   * fetches the discovery document and rehearses the request, once, so that the click itself waits
   * on no network and compiles nothing. Silent: a failure is the click's to report and retry.
   */
  private warm(): void {
    if (this.warmed || this.disabled) return;
    this.warmed = true;
    prefetch(this);
    loadSignOutCode()
      .then((code) => code.warmSignOut(this.options(), this))
      .catch(() => undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Sign-outs made in other tabs, or by the provider's front-channel logout, reach this tab here.
    registerRemoteTarget(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unregisterRemoteTarget(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (WARMED_BY.some((name) => changed.has(name))) this.warmed = false;
    if (CHECKED.some((name) => changed.has(name))) {
      for (const problem of attributeProblems(this)) console.warn(`<sign-out-button>: ${problem}`);
    }
  }

  /**
   * Back from the back/forward cache (the tab listener's `pageshow`): a button that was leaving
   * is ready again.
   * @internal
   */
  restored(): void {
    if (!this.running) this.busy = false;
  }

  /** The click listener of every button (one function, not one per button); `this` is the button. */
  private static onHostClick(this: SignOutButton): void {
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
    if (!this.button) ({ button: this.button, status: this.status } = renderInto(this.renderRoot as ShadowRoot));
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

// The properties come from the option table (Lit defines their accessors from `properties`).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- typed, not declared
export interface SignOutButton extends OptionProperties {}

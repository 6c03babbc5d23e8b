import type { SignOutError } from './errors.js';
import type { ProviderSession, Revocation, SignOutMode } from './values.js';

/** What a finished sign-out reports, through `sign-out-complete` and the returned promise. */
export interface SignOutResult {
  mode: SignOutMode;
  method: 'get' | 'post' | null;
  providerSession: ProviderSession;
  afterUrl: string | null;
  /** How token revocation went (`skipped` unless `revoke-tokens` was asked for and there was a token). */
  revocation: Revocation;
}

/** Who signed this tab's user out, in `sign-out-remote` and to `onRemoteSignOut` listeners. */
export interface RemoteSignOutDetail {
  source: 'tab' | 'front-channel';
}

export interface SignOutStartDetail {
  mode: SignOutMode;
}

export interface SignOutErrorDetail {
  error: SignOutError;
}

/** The events of a sign-out, by name. */
export interface SignOutEventMap {
  'sign-out-start': CustomEvent<SignOutStartDetail>;
  'sign-out-complete': CustomEvent<SignOutResult>;
  'sign-out-error': CustomEvent<SignOutErrorDetail>;
  'sign-out-remote': CustomEvent<RemoteSignOutDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends SignOutEventMap {}
}

/** Dispatches a sign-out event the way the contract says: bubbling, composed. */
export function dispatchSignOutEvent<K extends keyof SignOutEventMap>(
  target: EventTarget,
  type: K,
  detail: SignOutEventMap[K]['detail'],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}

/**
 * Fires `sign-out-error` (cancelable) and, unless a listener cancelled it, writes the error's code
 * and message to the console, so that a page that listens to nothing still learns why (messages
 * never hold a token: `SignOutError` redacts them).
 */
export function reportSignOutError(target: EventTarget, error: SignOutError): void {
  if (dispatchSignOutEvent(target, 'sign-out-error', { error }, true)) {
    console.error(`<sign-out-button>: sign-out failed (${error.code}): ${error.message}`);
  }
}

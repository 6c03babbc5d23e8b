// What this page knows of sign-outs made elsewhere, shared by the listener of the first load and
// the handler that is loaded when the first one arrives.
import { dispatchSignOutEvent, type RemoteSignOutDetail } from '../core/events.js';

/** Where a connected `<sign-out-button>` goes after a remote sign-out: its `after-url` and policy. */
export interface RemoteTarget {
  afterUrl?: string | null;
  allowedOrigins?: string | null;
  /** Back from the back/forward cache (the button that was leaving is ready again). */
  restored?(): void;
}

export const remote = {
  /** The connected buttons, which get `sign-out-remote`. */
  targets: new Set<EventTarget & RemoteTarget>(),
  /** The `onRemoteSignOut` listeners. */
  listeners: new Set<(event: RemoteSignOutDetail) => void>(),
  channel: null as BroadcastChannel | null,
  /** When this page last showed a state that took every sign-out so far into account. */
  upToDateAt: 0,
};

/**
 * Tells this page that its user was signed out elsewhere: `sign-out-remote` on each connected
 * button (or `document` when it has none), then the `onRemoteSignOut` listeners. Returns whether
 * a handler cancelled the event (the page then stays where it is).
 */
export function announceRemoteSignOut(source: RemoteSignOutDetail['source']): boolean {
  const detail = { source };
  const receivers = remote.targets.size ? [...remote.targets] : [document];
  let cancelled = false;
  for (const receiver of receivers) {
    if (!dispatchSignOutEvent(receiver, 'sign-out-remote', detail, true)) cancelled = true;
  }
  for (const listener of [...remote.listeners]) {
    try {
      listener(detail);
    } catch (error) {
      // One listener's failure must not keep the others, or the navigation, from happening.
      reportError(error);
    }
  }
  return cancelled;
}

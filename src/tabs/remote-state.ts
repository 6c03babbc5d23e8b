// What this page knows of sign-outs made elsewhere, shared by the listener of the first load and
// the handler that is loaded when the first one arrives.
import type { RemoteSignOutDetail } from '../core/events.js';

/** Where a connected `<sign-out-button>` goes after a remote sign-out: its `after-url` and policy. */
export interface RemoteTarget {
  afterUrl?: string | null;
  allowedOrigins?: string | null;
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

// The origin's channel between the tabs that have the package loaded, and the messages on it.
import { PACKAGE_KEY_PREFIX } from '../platform/web-storage.js';
import type { SessionClearing } from './session-clearing.js';

export const CHANNEL_NAME = 'sign-out-button';

/**
 * Written by every page that listens for sign-outs made elsewhere: a front-channel frame that
 * does not find it in its localStorage sees none of the site's tabs' storage (partitioned).
 */
export const LISTENING_KEY = `${PACKAGE_KEY_PREFIX}listening`;

/** This page's id: a BroadcastChannel delivers to the other channels of the same page too. */
export const PAGE_ID = crypto.randomUUID();

/** Another tab signed out: remove this tab's user for the same provider and client. */
export interface SignedOutMessage {
  type: 'signed-out';
  from: string;
  authority: string | null;
  clientId: string | null;
  clearing: SessionClearing;
}

/** A front-channel logout frame asks: sign out a user of `authority` + `clientId` with this `iss` and `sid`. */
export interface FrontChannelRequest {
  type: 'front-channel';
  id: string;
  authority: string;
  clientId: string;
  iss: string | null;
  sid: string | null;
  clearing: SessionClearing;
  /**
   * Whether the matching tab also clears the origin's localStorage (`clearing.keep` kept): the
   * frame may be gone before the answer comes back (Glewlwyd moves on after about 300 ms).
   */
  local: boolean;
}

/** What a tab answers a front-channel request. */
export type FrontChannelAnswer = 'signed-out' | 'other-session' | 'not-signed-in';

export interface FrontChannelReply {
  type: 'front-channel-reply';
  id: string;
  answer: FrontChannelAnswer;
}

export type ChannelMessage = SignedOutMessage | FrontChannelRequest | FrontChannelReply;

export function openChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel !== 'function') return null;
  return new BroadcastChannel(CHANNEL_NAME);
}

/** Tells the origin's other tabs that this user was signed out. */
export function broadcastSignOut(signedOut: Omit<SignedOutMessage, 'type' | 'from'>): void {
  const message: SignedOutMessage = { type: 'signed-out', from: PAGE_ID, ...signedOut };
  const sender = openChannel();
  sender?.postMessage(message);
  sender?.close();
}

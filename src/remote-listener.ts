// Listening for sign-outs made elsewhere: part of the first load, since a page that merely shows a
// button must still hear other tabs and front-channel frames. What a tab then does (remove its
// user, clear its session storage, fire `sign-out-remote`, answer a front-channel frame) is in
// remote-sign-out.ts, loaded when the first message arrives.
import type { RemoteSignOutDetail } from './events.js';
import { signOutsSince, type SessionClearing } from './sign-out-marker.js';
import { PACKAGE_KEY_PREFIX, webStorage } from './web-storage.js';

/** The origin's channel between the tabs that have the package loaded. */
export const CHANNEL_NAME = 'sign-out-button';

/**
 * Written by every page that listens for sign-outs made elsewhere: a front-channel frame that
 * does not find it in its localStorage sees none of the site's tabs' storage (partitioned).
 */
export const LISTENING_KEY = `${PACKAGE_KEY_PREFIX}listening`;

/** This page's id: a BroadcastChannel delivers to the other channels of the same page too. */
export const PAGE_ID = crypto.randomUUID();

// The messages of the origin's channel.

/** Another tab signed out (step 4): remove this tab's user for the same provider and client. */
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
}

/** What a tab answers a front-channel request. */
export type FrontChannelAnswer = 'signed-out' | 'other-session' | 'not-signed-in';

export interface FrontChannelReply {
  type: 'front-channel-reply';
  id: string;
  answer: FrontChannelAnswer;
}

export type ChannelMessage = SignedOutMessage | FrontChannelRequest | FrontChannelReply;

/** Where a connected `<sign-out-button>` goes after a remote sign-out: its `after-url` and policy. */
export interface RemoteTarget {
  afterUrl?: string | null;
  allowedOrigins?: string | null;
}

/** What the handler of remote-sign-out.ts works with. */
export const remote = {
  targets: new Set<EventTarget & RemoteTarget>(),
  listeners: new Set<(event: RemoteSignOutDetail) => void>(),
  channel: null as BroadcastChannel | null,
  /** When this page last showed a state that took every sign-out so far into account. */
  upToDateAt: 0,
};

type RemoteHandler = typeof import('./remote-sign-out.js');

/**
 * How the handler is fetched. Messages are handled in the order they came, each once the
 * handler is loaded; one that cannot be loaded is reported on the console (this tab then keeps
 * its user until it reloads: nothing else could be done for it).
 */
export const remoteHandlerChunk: { import: () => Promise<RemoteHandler> } = {
  import: () => import('./remote-sign-out.js'),
};
let queue: Promise<unknown> = Promise.resolve();

function withHandler(work: (handler: RemoteHandler) => void): void {
  queue = queue
    .then(() => remoteHandlerChunk.import())
    .then(work, (error: unknown) =>
      console.warn('<sign-out-button>: a sign-out made elsewhere could not be applied in this tab:', error),
    );
}

export function openChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel !== 'function') return null;
  return new BroadcastChannel(CHANNEL_NAME);
}

function onMessage(event: MessageEvent<ChannelMessage>): void {
  const message = event.data;
  // Only a sign-out of another page, or a front-channel frame's question, needs the handler.
  if ((message?.type === 'signed-out' && message.from !== PAGE_ID) || message?.type === 'front-channel') {
    withHandler((handler) => handler.onChannelMessage(message));
  }
}

/** Leaving into the back/forward cache: the channel is closed, so that it never keeps the page out. */
function onPageHide(event: PageTransitionEvent): void {
  if (event.persisted) {
    remote.channel?.close();
    remote.channel = null;
  }
}

/**
 * Back from the back/forward cache: a page that missed sign-outs does this tab's part of each
 * (its stored user and session data, as a told tab would), then reloads instead of showing its
 * signed-in state.
 */
function onPageShow(event: PageTransitionEvent): void {
  if (!event.persisted) return;
  const missed = signOutsSince(remote.upToDateAt);
  if (missed.length) {
    withHandler((handler) => handler.applyMissed(missed));
    return;
  }
  listen();
}

function listen(): void {
  if (remote.channel) return;
  remote.channel = openChannel();
  if (remote.channel) remote.channel.onmessage = onMessage;
}

function update(): void {
  const wanted = remote.targets.size > 0 || remote.listeners.size > 0;
  if (wanted && !remote.channel) {
    remote.upToDateAt = Math.max(remote.upToDateAt, performance.timeOrigin);
    try {
      webStorage('local')?.setItem(LISTENING_KEY, '1');
    } catch {
      // Full storage: a front-channel frame may then answer partitioned for this site.
    }
    listen();
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
  } else if (!wanted) {
    remote.channel?.close();
    remote.channel = null;
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
  }
}

/**
 * A connected `<sign-out-button>` listens for sign-outs made elsewhere; its `after-url` and
 * `allowed-origins` tell where the tab goes afterwards.
 */
export function registerRemoteTarget(target: EventTarget & RemoteTarget): void {
  remote.targets.add(target);
  update();
}

/** The button was disconnected. */
export function unregisterRemoteTarget(target: EventTarget & RemoteTarget): void {
  remote.targets.delete(target);
  update();
}

/**
 * Calls `listener` when another tab, or the provider's front-channel logout, signed this tab's
 * user out (its stored user and session data already gone). The way an API-only page listens;
 * returns the unsubscribe function.
 */
export function onRemoteSignOut(listener: (event: RemoteSignOutDetail) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onRemoteSignOut() needs a function.');
  const own = (event: RemoteSignOutDetail) => listener(event);
  remote.listeners.add(own);
  update();
  return () => {
    remote.listeners.delete(own);
    update();
  };
}

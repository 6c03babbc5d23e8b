// Listening for sign-outs made elsewhere: part of the first load, since a page that merely shows a
// button must still hear other tabs and front-channel frames. What a tab then does (remove its
// user, clear its session storage, fire `sign-out-remote`, answer a front-channel frame) is the
// handler, loaded when the first message arrives.
import type { RemoteSignOutDetail } from '../core/events.js';
import { webStorage } from '../platform/web-storage.js';
import { clearLocalTraces } from '../sign-out/local-traces.js';
import { userKey } from '../storage/stored-user.js';
import {
  LISTENING_KEY,
  PAGE_ID,
  openChannel,
  type ChannelMessage,
  type FrontChannelReply,
  type FrontChannelRequest,
  type SignedOutMessage,
} from '../tabs/channel.js';
import { recordedSince } from '../tabs/recent-sign-outs.js';
import { announceRemoteSignOut, remote, type RemoteTarget } from '../tabs/remote-state.js';
import { signOutChunk } from './chunks.js';

type RemoteHandler = Awaited<ReturnType<typeof signOutChunk.import>>;

/**
 * Messages are handled in the order they came, each once the handler is loaded. Where it cannot
 * be loaded, another tab's sign-out is applied without it (its after-url aside), and the console
 * says so.
 */
let queue: Promise<unknown> = Promise.resolve();

function withHandler(work: (handler: RemoteHandler) => void, withoutCode?: () => Promise<void>): void {
  // Each message is handled on its own: one that fails (or fails to load) never holds up the next.
  queue = queue
    .then(() => signOutChunk.import())
    .then(work, withoutCode)
    .catch((error: unknown) => console.warn('<sign-out-button>: a sign-out made elsewhere, in this tab:', error));
}

const nameOf = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * Another tab's sign-out when this tab's copy of the handler cannot be loaded (a deploy replaced
 * the hashed chunks): its stored user and session data go all the same, and the page hears it.
 */
async function signedOutWithoutCode(
  { authority, clientId, clearing }: Partial<Pick<SignedOutMessage, 'authority' | 'clientId' | 'clearing'>>,
  source: RemoteSignOutDetail['source'] = 'tab',
): Promise<void> {
  const keep = Array.isArray(clearing?.keep) ? clearing.keep : [];
  await clearLocalTraces(
    { userManager: null, authority: nameOf(authority), clientId: nameOf(clientId), userStore: 'session' },
    clearing?.session === true ? ['session'] : [],
    keep.filter((pattern) => typeof pattern === 'string' && pattern.length <= 256).slice(0, 32),
  );
  announceRemoteSignOut(source);
  throw new Error('signed out, but not sent to after-url: the sign-out code could not be loaded');
}

/**
 * A front-channel frame's question, answered before the handler is loaded: the provider may
 * remove the frame any moment (Glewlwyd does a few hundred milliseconds after its `load`), and
 * the frame clears what the origin shares only once a tab said it signed its user out. So the
 * tab whose sessionStorage holds the user named removes it and answers at once; the handler does
 * the rest (the session data, `sign-out-remote`, after-url). Returns whether it answered.
 */
function answerAtOnce({ id, authority, clientId, iss, sid, clearing }: Partial<FrontChannelRequest>): boolean {
  // Only the shape the handler takes (tabs/shapes.ts), so that it then does the rest.
  if ([id, authority, clientId].some((name) => typeof name !== 'string')) return false;
  if ([iss, sid].some((name) => name !== null && typeof name !== 'string')) return false;
  if (typeof clearing?.session !== 'boolean' || !Array.isArray(clearing.keep)) return false;
  const session = webStorage('session');
  const key = userKey(authority!, clientId!);
  try {
    // The claims oidc-client-ts keeps in the user's profile, strictly: a user whose profile lacks
    // the `sid` asked for (LemonLDAP::NG's tokens carry none) is left to the handler's full match.
    const { profile } = JSON.parse(session?.getItem(key) ?? '{}') as { profile?: { iss?: unknown; sid?: unknown } };
    if (!profile || (iss !== null && profile.iss !== iss) || (sid !== null && profile.sid !== sid)) return false;
    session!.removeItem(key);
  } catch {
    return false;
  }
  const reply: FrontChannelReply = { type: 'front-channel-reply', id: id!, answer: 'signed-out' };
  remote.channel?.postMessage(reply);
  return true;
}

function onMessage(event: MessageEvent<unknown>): void {
  const message = event.data as Partial<ChannelMessage> | null;
  // Only a sign-out of another page, or a front-channel frame's question, needs the handler,
  // which takes nothing but the shapes the package sends.
  if (typeof message !== 'object' || message === null) return;
  if (message.type === 'signed-out' && message.from !== PAGE_ID) {
    withHandler(
      (handler) => handler.onChannelMessage(message),
      () => signedOutWithoutCode(message),
    );
  } else if (message.type === 'front-channel') {
    const answered = answerAtOnce(message);
    withHandler(
      (handler) => handler.onChannelMessage(message, answered),
      answered ? () => signedOutWithoutCode(message, 'front-channel') : undefined,
    );
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
 * Back from the back/forward cache: each button is told (see `RemoteTarget.restored`); a page that missed sign-outs does this tab's part of each
 * (its stored user and session data, as a told tab would), then reloads instead of showing its
 * signed-in state.
 */
function onPageShow(event: PageTransitionEvent): void {
  if (!event.persisted) return;
  for (const target of remote.targets) target.restored?.();
  const since = remote.upToDateAt;
  listen();
  if (recordedSince(since)) withHandler((handler) => handler.applyMissed(since));
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

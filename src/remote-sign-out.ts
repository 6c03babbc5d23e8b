import type { RemoteSignOutDetail } from './events.js';
import { dispatchSignOutEvent } from './events.js';
import { navigation } from './navigation.js';
import { removeUserFrom, userKey } from './oidc-client.js';
import type { ResolvedSignOut } from './options.js';
import { sessionClearingOf, signOutsSince, type SessionClearing } from './sign-out-marker.js';
import { PACKAGE_KEY_PREFIX, clearWebStorage, keyMatcher, webStorage } from './storage.js';
import { checkSafeUrl, parseOrigin } from './url-policy.js';

/** The origin's channel between the tabs that have the package loaded. */
export const CHANNEL_NAME = 'sign-out-button';

/**
 * Written by every page that listens for sign-outs made elsewhere: a front-channel frame that
 * does not find it in its localStorage sees none of the site's tabs' storage (partitioned).
 */
export const LISTENING_KEY = `${PACKAGE_KEY_PREFIX}listening`;

/** This page's id: a BroadcastChannel delivers to the other channels of the same page too. */
const PAGE_ID = crypto.randomUUID();

/** Another tab signed out (step 4): remove this tab's user for the same provider and client. */
interface SignedOutMessage {
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

type ChannelMessage = SignedOutMessage | FrontChannelRequest | FrontChannelReply;

/** Where a connected `<sign-out-button>` goes after a remote sign-out: its `after-url` and policy. */
export interface RemoteTarget {
  afterUrl?: string | null;
  allowedOrigins?: string | null;
}

const targets = new Map<EventTarget, () => RemoteTarget>();
const listeners = new Set<(event: RemoteSignOutDetail) => void>();
let channel: BroadcastChannel | null = null;
/** When this page last showed a state that took every sign-out so far into account. */
let upToDateAt = 0;

function openChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel !== 'function') return null;
  return new BroadcastChannel(CHANNEL_NAME);
}

/** Tells the origin's other tabs that `resolved`'s user was signed out (contract §4 step 4). */
export function broadcastSignOut(resolved: ResolvedSignOut): void {
  const message: SignedOutMessage = {
    type: 'signed-out',
    from: PAGE_ID,
    authority: resolved.authority,
    clientId: resolved.clientId,
    clearing: sessionClearingOf(resolved),
  };
  const sender = openChannel();
  sender?.postMessage(message);
  sender?.close();
}

/**
 * This tab's part of a sign-out made elsewhere: its user of `authority` + `clientId` removed,
 * its own `sessionStorage` cleared as configured (what the origin shares is left alone), then
 * `sign-out-remote` on each connected button (or `document`), the listeners, and, unless a
 * handler cancelled it, the first button's `after-url`.
 */
function signOutHere(
  authority: string | null,
  clientId: string | null,
  clearing: SessionClearing,
  source: RemoteSignOutDetail['source'],
  also: Storage | null = null,
): void {
  forgetUser(authority, clientId, clearing, also);
  const detail = { source };
  const receivers = targets.size ? [...targets.keys()] : [document];
  let cancelled = false;
  for (const receiver of receivers) {
    if (!dispatchSignOutEvent(receiver, 'sign-out-remote', detail, true)) cancelled = true;
  }
  for (const listener of [...listeners]) {
    try {
      listener(detail);
    } catch (error) {
      // One listener's failure must not keep the others, or the navigation, from happening.
      reportError(error);
    }
  }
  if (cancelled) return;
  for (const policy of targets.values()) {
    const afterUrl = checkedAfterUrl(policy());
    if (afterUrl) {
      navigation.assign(afterUrl);
      return;
    }
  }
}

/** Removes this tab's user of `authority` + `clientId` and clears its `sessionStorage` as configured. */
function forgetUser(
  authority: string | null,
  clientId: string | null,
  clearing: SessionClearing,
  also: Storage | null = null,
): void {
  if (authority && clientId) {
    removeUserFrom(webStorage('session'), authority, clientId);
    removeUserFrom(also, authority, clientId);
  }
  if (clearing.session) clearWebStorage(webStorage('session'), keyMatcher(clearing.keep));
  upToDateAt = Date.now();
}

function checkedAfterUrl({ afterUrl, allowedOrigins }: RemoteTarget): string | null {
  if (!afterUrl?.trim()) return null;
  try {
    const origins = (allowedOrigins ?? '').split(/\s+/).filter(Boolean).map(parseOrigin);
    return checkSafeUrl(afterUrl, origins, 'after-url');
  } catch {
    return null;
  }
}

interface IdTokenClaims {
  iss?: unknown;
  sid?: unknown;
}

/** The claims of a JWT's payload, unverified (they only pick which local user a request means). */
export function jwtClaims(token: unknown): IdTokenClaims {
  if (typeof token !== 'string') return {};
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as IdTokenClaims;
  } catch {
    return {};
  }
}

/**
 * Whether the user oidc-client-ts keeps for `authority` + `clientId` in `storage` is the one a
 * front-channel request means: `null` when there is none.
 */
export function matchStoredUser(
  storage: Storage | null,
  request: Pick<FrontChannelRequest, 'authority' | 'clientId' | 'iss' | 'sid'>,
): 'match' | 'other-session' | null {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(userKey(request.authority, request.clientId)) ?? null;
  } catch {
    return null;
  }
  if (!stored) return null;
  let claims: IdTokenClaims;
  try {
    const user = JSON.parse(stored) as { id_token?: unknown; profile?: IdTokenClaims };
    claims = { ...user.profile, ...jwtClaims(user.id_token) };
  } catch {
    return null;
  }
  if (request.iss !== null && claims.iss !== request.iss) return 'other-session';
  if (request.sid !== null && claims.sid !== request.sid) return 'other-session';
  return 'match';
}

function answerFrontChannel(request: FrontChannelRequest): FrontChannelAnswer {
  const local = webStorage('local');
  const found = [matchStoredUser(webStorage('session'), request), matchStoredUser(local, request)];
  if (!found.includes('match')) return found.includes('other-session') ? 'other-session' : 'not-signed-in';
  signOutHere(request.authority, request.clientId, request.clearing, 'front-channel', local);
  return 'signed-out';
}

function onMessage(event: MessageEvent<ChannelMessage>): void {
  const message = event.data;
  if (message?.type === 'signed-out' && message.from !== PAGE_ID) {
    signOutHere(message.authority, message.clientId, message.clearing, 'tab');
  } else if (message?.type === 'front-channel') {
    const reply: FrontChannelReply = {
      type: 'front-channel-reply',
      id: message.id,
      answer: answerFrontChannel(message),
    };
    channel?.postMessage(reply);
  }
}

/** Leaving into the back/forward cache: the channel is closed, so that it never keeps the page out. */
function onPageHide(event: PageTransitionEvent): void {
  if (event.persisted) {
    channel?.close();
    channel = null;
  }
}

/**
 * Back from the back/forward cache: a page that missed sign-outs does this tab's part of each
 * (its stored user and session data, as a told tab would), then reloads instead of showing its
 * signed-in state.
 */
function onPageShow(event: PageTransitionEvent): void {
  if (!event.persisted) return;
  const missed = signOutsSince(upToDateAt);
  if (missed.length) {
    for (const { authority, clientId, clearing } of missed) forgetUser(authority, clientId, clearing);
    window.location.reload();
    return;
  }
  listen();
}

function listen(): void {
  if (channel) return;
  channel = openChannel();
  if (channel) channel.onmessage = onMessage;
}

function update(): void {
  const wanted = targets.size > 0 || listeners.size > 0;
  if (wanted && !channel) {
    upToDateAt = Math.max(upToDateAt, performance.timeOrigin);
    try {
      webStorage('local')?.setItem(LISTENING_KEY, '1');
    } catch {
      // Full storage: a front-channel frame may then answer partitioned for this site.
    }
    listen();
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
  } else if (!wanted) {
    channel?.close();
    channel = null;
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
  }
}

/**
 * A connected `<sign-out-button>` listens for sign-outs made elsewhere; `policy` tells where it
 * goes afterwards. Returns the unregistration.
 */
export function registerRemoteTarget(target: EventTarget, policy: () => RemoteTarget): () => void {
  targets.set(target, policy);
  update();
  return () => {
    targets.delete(target);
    update();
  };
}

/**
 * Calls `listener` when another tab, or the provider's front-channel logout, signed this tab's
 * user out (its stored user and session data already gone). The way an API-only page listens;
 * returns the unsubscribe function.
 */
export function onRemoteSignOut(listener: (event: RemoteSignOutDetail) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onRemoteSignOut() needs a function.');
  const own = (event: RemoteSignOutDetail) => listener(event);
  listeners.add(own);
  update();
  return () => {
    listeners.delete(own);
    update();
  };
}

import type { RemoteSignOutDetail } from './events.js';
import { dispatchSignOutEvent } from './events.js';
import { navigation } from './navigation.js';
import { removeUserFrom, userKey } from './oidc-client.js';
import type { ResolvedSignOut } from './options.js';
import {
  PAGE_ID,
  openChannel,
  remote,
  type ChannelMessage,
  type FrontChannelAnswer,
  type FrontChannelReply,
  type FrontChannelRequest,
  type RemoteTarget,
  type SignedOutMessage,
} from './remote-listener.js';
import { sessionClearingOf, type RecordedSignOut, type SessionClearing } from './sign-out-marker.js';
import { clearWebStorage, keyMatcher, webStorage } from './storage.js';
import { checkSafeUrl, parseOrigin } from './url-policy.js';

export type { ChannelMessage, FrontChannelAnswer, FrontChannelReply, FrontChannelRequest } from './remote-listener.js';

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
  if (cancelled) return;
  for (const target of remote.targets) {
    const afterUrl = checkedAfterUrl(target);
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
  remote.upToDateAt = Date.now();
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

/** A message of the origin's channel that this tab acts on (remote-listener.ts filtered it). */
export function onChannelMessage(message: ChannelMessage): void {
  if (message.type === 'signed-out') {
    signOutHere(message.authority, message.clientId, message.clearing, 'tab');
  } else if (message.type === 'front-channel') {
    const reply: FrontChannelReply = {
      type: 'front-channel-reply',
      id: message.id,
      answer: answerFrontChannel(message),
    };
    remote.channel?.postMessage(reply);
  }
}

/** Back from the back/forward cache after sign-outs it missed: this tab's part of each, then a reload. */
export function applyMissed(missed: readonly RecordedSignOut[]): void {
  for (const { authority, clientId, clearing } of missed) forgetUser(authority, clientId, clearing);
  window.location.reload();
}

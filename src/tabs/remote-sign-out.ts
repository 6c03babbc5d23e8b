// What a tab does for a sign-out made elsewhere (another tab, a front-channel frame, a page back
// from the back/forward cache): loaded when the first one arrives (see shell/tab-listener.ts).
import type { RemoteSignOutDetail } from '../core/events.js';
import { checkSafeUrl, parseOrigin } from '../core/url-policy.js';
import { navigation } from '../platform/navigation.js';
import { webStorage } from '../platform/web-storage.js';
import { clearWebStorage } from '../storage/clear-storage.js';
import { keyMatcher } from '../storage/key-matcher.js';
import { matchStoredUser, removeUserFrom } from '../storage/session-match.js';
import type { FrontChannelAnswer, FrontChannelReply, FrontChannelRequest } from './channel.js';
import { readFrontChannelRequest, readSignedOut, signOutsSince } from './shapes.js';
import type { SessionClearing } from './session-clearing.js';
import { announceRemoteSignOut, remote, type RemoteTarget } from './remote-state.js';

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
  const cancelled = announceRemoteSignOut(source);
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

/**
 * `answered`: the tab listener already removed the matching user from this tab's sessionStorage
 * and answered the frame (see shell/tab-listener.ts); what remains is done here, unanswered.
 */
function answerFrontChannel(request: FrontChannelRequest, answered: boolean): FrontChannelAnswer {
  const local = webStorage('local');
  const found = [matchStoredUser(webStorage('session'), request), matchStoredUser(local, request)];
  if (!answered && !found.includes('match')) {
    return found.includes('other-session') ? 'other-session' : 'not-signed-in';
  }
  // What the origin shares, at once, here: the frame that asked may be gone before it hears back.
  if (request.local) clearWebStorage(local, keyMatcher(request.clearing.keep));
  signOutHere(request.authority, request.clientId, request.clearing, 'front-channel', local);
  return 'signed-out';
}

/**
 * A message of the origin's channel (the listener let through only other pages' sign-outs and
 * front-channel questions). It is acted on only in the shape the package sends it.
 */
export function onChannelMessage(data: unknown, answered = false): void {
  const signedOut = readSignedOut(data);
  if (signedOut) {
    signOutHere(signedOut.authority, signedOut.clientId, signedOut.clearing, 'tab');
    return;
  }
  const request = readFrontChannelRequest(data);
  if (request) {
    const reply: FrontChannelReply = {
      type: 'front-channel-reply',
      id: request.id,
      answer: answerFrontChannel(request, answered),
    };
    if (!answered) remote.channel?.postMessage(reply);
  }
}

/**
 * Back from the back/forward cache with sign-outs recorded after `since`: this tab's part of each
 * that has the shape the package writes, then a reload (if there was one).
 */
export function applyMissed(since: number): void {
  const missed = signOutsSince(since);
  if (!missed.length) return;
  for (const { authority, clientId, clearing } of missed) forgetUser(authority, clientId, clearing);
  navigation.reload();
}

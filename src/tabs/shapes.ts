// What other pages of the origin can write, as this tab takes it: messages on the channel and the
// records of recent sign-outs. Any script of the origin can write there, so each is used only in
// the shape the package writes it, and nothing else of it.
import type { FrontChannelAnswer, FrontChannelRequest, SignedOutMessage } from './channel.js';
import { recorded, type RecordedSignOut } from './recent-sign-outs.js';
import type { SessionClearing } from './session-clearing.js';

/** At most this many `keep-storage` patterns are taken from another tab's message or a record… */
export const MAX_KEEP_PATTERNS = 32;
/** …each at most this long: more is dropped, so that the tab keeps less and clears more. */
export const MAX_KEEP_PATTERN_LENGTH = 256;

/**
 * The clearing that another tab or a record (what any script of the origin can write) asks for,
 * or `null` when it has another shape than the package writes.
 */
export function readSessionClearing(value: unknown): SessionClearing | null {
  const { session, keep } = (value ?? {}) as Partial<Record<keyof SessionClearing, unknown>>;
  if (typeof session !== 'boolean' || !Array.isArray(keep)) return null;
  return {
    session,
    keep: keep
      .filter((pattern): pattern is string => typeof pattern === 'string' && pattern.length <= MAX_KEEP_PATTERN_LENGTH)
      .slice(0, MAX_KEEP_PATTERNS),
  };
}

type Fields<T> = Partial<Record<keyof T, unknown>>;
const text = (value: unknown): value is string => typeof value === 'string';
const textOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const ANSWERS: readonly FrontChannelAnswer[] = ['signed-out', 'other-session', 'not-signed-in'];

/** Another tab's sign-out, or `null`. */
export function readSignedOut(data: unknown): SignedOutMessage | null {
  const { type, from, authority, clientId, clearing } = (data ?? {}) as Fields<SignedOutMessage>;
  const checked = readSessionClearing(clearing);
  if (type !== 'signed-out' || !text(from) || !textOrNull(authority) || !textOrNull(clientId) || !checked) return null;
  return { type, from, authority, clientId, clearing: checked };
}

/** A front-channel frame's question, or `null`. */
export function readFrontChannelRequest(data: unknown): FrontChannelRequest | null {
  const { type, id, authority, clientId, iss, sid, clearing, local } = (data ?? {}) as Fields<FrontChannelRequest>;
  const checked = readSessionClearing(clearing);
  if (type !== 'front-channel' || !text(id) || !text(authority) || !text(clientId)) return null;
  if (!textOrNull(iss) || !textOrNull(sid) || !checked) return null;
  return { type, id, authority, clientId, iss, sid, clearing: checked, local: local === true };
}

/** A tab's answer to the front-channel request `id`, or `null`. */
export function readFrontChannelAnswer(data: unknown, id: string): FrontChannelAnswer | null {
  const { type, id: answered, answer } = (data ?? {}) as Record<string, unknown>;
  return type === 'front-channel-reply' && answered === id && ANSWERS.includes(answer as FrontChannelAnswer)
    ? (answer as FrontChannelAnswer)
    : null;
}

/** A record as the package writes it, or `null`. */
function readRecord(value: unknown): RecordedSignOut | null {
  const { at, authority, clientId, clearing } = (value ?? {}) as Fields<RecordedSignOut>;
  const checked = readSessionClearing(clearing);
  if (typeof at !== 'number' || !Number.isFinite(at) || !textOrNull(authority) || !textOrNull(clientId) || !checked)
    return null;
  return { at, authority, clientId, clearing: checked };
}

/** The sign-outs recorded after `since` (milliseconds since the epoch), oldest first. */
export function signOutsSince(since: number): RecordedSignOut[] {
  return recorded()
    .map(readRecord)
    .filter((entry): entry is RecordedSignOut => entry !== null && entry.at > since);
}

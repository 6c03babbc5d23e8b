// The channel's messages as this tab takes them: any script of the origin can post on the channel,
// so a message is used only when it has the shape the package sends, and nothing else of it.
import type { FrontChannelAnswer, FrontChannelRequest, SignedOutMessage } from './channel.js';
import { readSessionClearing } from './session-clearing.js';

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
  const { type, id, authority, clientId, iss, sid, clearing } = (data ?? {}) as Fields<FrontChannelRequest>;
  const checked = readSessionClearing(clearing);
  if (type !== 'front-channel' || !text(id) || !text(authority) || !text(clientId)) return null;
  if (!textOrNull(iss) || !textOrNull(sid) || !checked) return null;
  return { type, id, authority, clientId, iss, sid, clearing: checked };
}

/** A tab's answer to the front-channel request `id`, or `null`. */
export function readFrontChannelAnswer(data: unknown, id: string): FrontChannelAnswer | null {
  const { type, id: answered, answer } = (data ?? {}) as Record<string, unknown>;
  return type === 'front-channel-reply' && answered === id && ANSWERS.includes(answer as FrontChannelAnswer)
    ? (answer as FrontChannelAnswer)
    : null;
}

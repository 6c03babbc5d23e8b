import { PACKAGE_KEY_PREFIX, webStorage } from '../platform/web-storage.js';

/** A sign-out whose `state` went to the provider and has not come back yet. */
export interface PendingSignOut {
  stateId: string;
  authority: string;
  clientId: string;
  /** The `post_logout_redirect_uri` it was sent with: only a visit there can be its return. */
  returnUri: string;
  sentAt: number;
}

/** Where oidc-client-ts keeps the end-session states the package sends (its state store's prefix). */
export const STATE_KEY_PREFIX = `${PACKAGE_KEY_PREFIX}state.`;
/** The origin's pending sign-outs (localStorage: the return may come in another tab's history). */
const PENDING_KEY = `${PACKAGE_KEY_PREFIX}pending`;
/** The states this tab sent (sessionStorage is per tab): only these can make a state-less visit here a return. */
const SENT_HERE_KEY = `${PACKAGE_KEY_PREFIX}sent-here`;
/** A return later than this is treated as a stray visit, not the answer to a sign-out. */
const PENDING_LIFETIME_MS = 15 * 60 * 1000;

function readList<T>(storage: Storage | null, key: string, valid: (entry: T) => boolean): T[] {
  if (!storage) return [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? (parsed as T[]).filter((entry) => valid(entry)) : [];
  } catch {
    return [];
  }
}

function writeList(storage: Storage | null, key: string, entries: unknown[]): void {
  if (!storage) return;
  try {
    if (entries.length) storage.setItem(key, JSON.stringify(entries));
    else storage.removeItem(key);
  } catch {
    // Blocked or full storage: the return page then cannot tell a missing state from no state.
  }
}

const isCurrent = (entry: PendingSignOut) =>
  typeof entry?.stateId === 'string' &&
  typeof entry.returnUri === 'string' &&
  typeof entry.sentAt === 'number' &&
  Date.now() - entry.sentAt < PENDING_LIFETIME_MS;

const pendingList = () => readList<PendingSignOut>(webStorage('local'), PENDING_KEY, isCurrent);
const sentHere = () => readList<string>(webStorage('session'), SENT_HERE_KEY, (id) => typeof id === 'string');

/** Remembers that `state` was sent from this tab, so that a return without it is caught (`state-missing`). */
export function recordPendingSignOut(entry: Omit<PendingSignOut, 'sentAt'>): void {
  writeList(webStorage('local'), PENDING_KEY, [...pendingList(), { ...entry, sentAt: Date.now() }]);
  writeList(webStorage('session'), SENT_HERE_KEY, [...sentHere(), entry.stateId]);
}

function take(fits: (entry: PendingSignOut) => boolean): PendingSignOut[] {
  const entries = pendingList();
  const taken = entries.filter(fits);
  if (taken.length) {
    const ids = taken.map((entry) => entry.stateId);
    writeList(
      webStorage('local'),
      PENDING_KEY,
      entries.filter((entry) => !taken.includes(entry)),
    );
    writeList(
      webStorage('session'),
      SENT_HERE_KEY,
      sentHere().filter((id) => !ids.includes(id)),
    );
  }
  return taken;
}

/** Takes the record of the sign-out that sent `stateId`. */
export function takePendingSignOut(stateId: string): PendingSignOut | undefined {
  return take((entry) => entry.stateId === stateId)[0];
}

/**
 * Takes the records a visit to `returnUrl` without a state answers: sign-outs sent from this
 * tab to this return page. Another tab's, or another return page's, stay pending.
 */
export function takePendingReturnsTo(returnUrl: string): PendingSignOut[] {
  const here = sentHere();
  const page = withoutQuery(returnUrl);
  return take((entry) => here.includes(entry.stateId) && withoutQuery(entry.returnUri) === page);
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

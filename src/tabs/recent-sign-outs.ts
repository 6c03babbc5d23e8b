// The origin's recent sign-outs, for pages that come back from the back/forward cache after one.
import { PACKAGE_KEY_PREFIX, webStorage } from '../platform/web-storage.js';
import { readSessionClearing, type SessionClearing } from './session-clearing.js';

/** The origin's recent sign-outs (localStorage: every tab of the origin reads them). */
const RECENT_KEY = `${PACKAGE_KEY_PREFIX}recent-sign-outs`;
/** How many are kept: enough for a page that sat in the back/forward cache through several. */
const KEPT = 5;

/** A sign-out as a page that missed it (in the back/forward cache) needs to know it. */
export interface RecordedSignOut {
  at: number;
  authority: string | null;
  clientId: string | null;
  clearing: SessionClearing;
}

const nameOrNull = (value: unknown) => value === null || typeof value === 'string';

/** A record as the package writes it, or `null` (any script of the origin can write there). */
function readRecord(value: unknown): RecordedSignOut | null {
  const { at, authority, clientId, clearing } = (value ?? {}) as Partial<Record<keyof RecordedSignOut, unknown>>;
  const checked = readSessionClearing(clearing);
  if (typeof at !== 'number' || !Number.isFinite(at) || !nameOrNull(authority) || !nameOrNull(clientId) || !checked)
    return null;
  return { at, authority: authority as string | null, clientId: clientId as string | null, clearing: checked };
}

function read(): RecordedSignOut[] {
  try {
    const parsed: unknown = JSON.parse(webStorage('local')?.getItem(RECENT_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed
      .slice(-KEPT)
      .map(readRecord)
      .filter((entry): entry is RecordedSignOut => entry !== null);
  } catch {
    return [];
  }
}

/** Records a sign-out made now, for pages that come back from the back/forward cache. */
export function markSignedOut(entry: Omit<RecordedSignOut, 'at'>): void {
  try {
    webStorage('local')?.setItem(RECENT_KEY, JSON.stringify([...read(), { ...entry, at: Date.now() }].slice(-KEPT)));
  } catch {
    // Full or blocked storage: pages restored from the cache cannot learn of it.
  }
}

/** The sign-outs made after `since` (milliseconds since the epoch), oldest first. */
export function signOutsSince(since: number): RecordedSignOut[] {
  return read().filter((entry) => entry.at > since);
}

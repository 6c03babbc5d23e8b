import type { ResolvedSignOut } from '../options/resolve-options.js';
import { PACKAGE_KEY_PREFIX, webStorage } from '../platform/web-storage.js';

/** What each tab clears of its own `sessionStorage` for a sign-out made elsewhere. */
export interface SessionClearing {
  session: boolean;
  keep: string[];
}

/** The `sessionStorage` part of a sign-out's clearing, as other tabs are to repeat it. */
export function sessionClearingOf(resolved: ResolvedSignOut): SessionClearing {
  return { session: resolved.clearStorage.includes('session'), keep: resolved.keepPatterns };
}

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

function read(): RecordedSignOut[] {
  try {
    const parsed: unknown = JSON.parse(webStorage('local')?.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as RecordedSignOut[]).filter((entry) => typeof entry?.at === 'number') : [];
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

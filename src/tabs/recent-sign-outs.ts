// The origin's recent sign-outs, for pages that come back from the back/forward cache after one.
// Written by every sign-out; read by a restored page, in the shape the package writes them only
// (tabs/shapes.ts), since any script of the origin can write there too.
import { PACKAGE_KEY_PREFIX, webStorage } from '../platform/web-storage.js';
import type { SessionClearing } from './session-clearing.js';

/** The origin's recent sign-outs (localStorage: every tab of the origin reads them). */
export const RECENT_KEY = `${PACKAGE_KEY_PREFIX}recent-sign-outs`;
/** How many are kept: enough for a page that sat in the back/forward cache through several. */
export const KEPT = 5;

/** A sign-out as a page that missed it (in the back/forward cache) needs to know it. */
export interface RecordedSignOut {
  at: number;
  authority: string | null;
  clientId: string | null;
  clearing: SessionClearing;
}

/** What is kept under the key, as written (`[]` when it is not a list). */
export function recorded(): unknown[] {
  try {
    const parsed: unknown = JSON.parse(webStorage('local')?.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.slice(-KEPT) : [];
  } catch {
    return [];
  }
}

/** Records a sign-out made now, for pages that come back from the back/forward cache. */
export function markSignedOut(entry: Omit<RecordedSignOut, 'at'>): void {
  try {
    webStorage('local')?.setItem(
      RECENT_KEY,
      JSON.stringify([...recorded(), { ...entry, at: Date.now() }].slice(-KEPT)),
    );
  } catch {
    // Full or blocked storage: pages restored from the cache cannot learn of it.
  }
}

/** Whether anything was recorded after `since` (milliseconds since the epoch): worth reading properly. */
export function recordedSince(since: number): boolean {
  return recorded().some(
    (entry) => typeof (entry as RecordedSignOut | null)?.at === 'number' && (entry as RecordedSignOut).at > since,
  );
}

// The part of a local sign-out that needs no other code: part of the first load, so that a click
// signs the person out of the site even when the rest of the sign-out code cannot be loaded.
import type { StorageArea } from '../core/values.js';
import { clearStorage } from '../storage/clear-storage.js';
import { keyMatcher } from '../storage/key-matcher.js';
import { removeStoredUser, type UserLocation } from '../storage/stored-user.js';
import { markSignedOut } from '../tabs/recent-sign-outs.js';
import { sessionClearingOf, type SessionClearing } from '../tabs/session-clearing.js';

/**
 * Removes the stored user at `where`, clears `areas` (leaving what `keep` names), and records the
 * sign-out for pages in the back/forward cache. Never throws; returns what other tabs are to clear
 * of their own session storage.
 */
export async function clearLocalTraces(
  where: UserLocation,
  areas: StorageArea[],
  keep: string[],
): Promise<SessionClearing> {
  try {
    await removeStoredUser(where);
  } catch {
    // The SPA's UserManager failed to remove it: clearing below still empties its storage.
  }
  await clearStorage(areas, keyMatcher(keep));
  const clearing = sessionClearingOf({ clearStorage: areas, keepPatterns: keep });
  markSignedOut({ authority: where.authority, clientId: where.clientId, clearing });
  return clearing;
}

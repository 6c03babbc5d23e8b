// The signed-in user as oidc-client-ts stores it, removed without oidc-client-ts itself: a local
// sign-out must work even when no other code can be loaded (part of the first load).
import type { UserManager } from 'oidc-client-ts';
import type { UserStoreName } from '../core/values.js';
import { webStorage } from '../platform/web-storage.js';

/** Where a sign-out finds its user: an SPA's own `UserManager`, or the one stored for `authority` + `clientId`. */
export interface UserLocation {
  userManager: UserManager | null;
  authority: string | null;
  clientId: string | null;
  userStore: UserStoreName;
}

/** The key under which oidc-client-ts's `UserManager` keeps the user of `authority` + `clientId`. */
export function userKey(authority: string, clientId: string): string {
  return `oidc.user:${authority}:${clientId}`;
}

/** Removes the signed-in user at `where` (the SPA's `UserManager` raises its `userUnloaded`). */
export async function removeStoredUser(where: UserLocation): Promise<void> {
  if (where.userManager) {
    await where.userManager.removeUser();
    return;
  }
  if (!where.authority || !where.clientId) return;
  webStorage(where.userStore)?.removeItem(userKey(where.authority, where.clientId));
}

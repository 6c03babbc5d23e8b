import { removeStoredUser } from './oidc-client.js';
import type { ResolvedSignOut } from './options.js';
import { clearStorage } from './storage.js';

/**
 * Step 2: reads the ID token, removes the stored user and clears storage. Always completes:
 * a user who clicked "Sign out" is signed out of this site even if the provider step fails.
 * Returns the ID token for the end-session request; it is only ever kept in memory.
 */
export async function signOutLocally(resolved: ResolvedSignOut): Promise<string | null> {
  let idToken = resolved.idTokenHint;
  try {
    const stored = await removeStoredUser(resolved);
    idToken ??= stored;
  } catch {
    // A stored user that cannot be read (blocked or corrupt storage) is skipped; clearing goes on.
  } finally {
    clearStorage(resolved.clearStorage, resolved.keepStorage);
  }
  return idToken;
}

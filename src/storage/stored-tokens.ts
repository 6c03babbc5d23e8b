import { webStorage } from '../platform/web-storage.js';
import { userKey, type UserLocation } from './stored-user.js';

/** The tokens of the signed-in user, as far as sign-out needs them. */
export interface StoredTokens {
  idToken: string | null;
  accessToken: string | null;
  refreshToken: string | null;
}

const asToken = (value: unknown) => (typeof value === 'string' && value ? value : null);

/** The tokens of the signed-in user at `where`; throws when the user cannot be read. */
export async function readStoredTokens(where: UserLocation): Promise<StoredTokens | null> {
  let user: { id_token?: unknown; access_token?: unknown; refresh_token?: unknown } | null = null;
  if (where.userManager) {
    user = await where.userManager.getUser();
  } else if (where.authority && where.clientId) {
    const stored = webStorage(where.userStore)?.getItem(userKey(where.authority, where.clientId));
    if (stored) user = JSON.parse(stored) as typeof user;
  }
  if (!user) return null;
  return {
    idToken: asToken(user.id_token),
    accessToken: asToken(user.access_token),
    refreshToken: asToken(user.refresh_token),
  };
}

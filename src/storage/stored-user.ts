// The signed-in user as oidc-client-ts stores it, read and removed without oidc-client-ts itself:
// a local sign-out must work even when that chunk cannot be loaded.
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

/** Removes the signed-in user at `where` (the SPA's `UserManager` raises its `userUnloaded`). */
export async function removeStoredUser(where: UserLocation): Promise<void> {
  if (where.userManager) {
    await where.userManager.removeUser();
    return;
  }
  if (!where.authority || !where.clientId) return;
  webStorage(where.userStore)?.removeItem(userKey(where.authority, where.clientId));
}

/** Removes the user oidc-client-ts keeps for `authority` + `clientId` in `storage`, if any; returns it. */
export function removeUserFrom(storage: Storage | null, authority: string, clientId: string): string | null {
  if (!storage) return null;
  try {
    const key = userKey(authority, clientId);
    const stored = storage.getItem(key);
    storage.removeItem(key);
    return stored;
  } catch {
    return null;
  }
}

interface IdTokenClaims {
  iss?: unknown;
  sid?: unknown;
}

/** The claims of a JWT's payload, unverified (they only pick which local user a request means). */
export function jwtClaims(token: unknown): IdTokenClaims {
  if (typeof token !== 'string') return {};
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as IdTokenClaims;
  } catch {
    return {};
  }
}

/** A front-channel request's names for the user it means. */
export interface SessionNames {
  authority: string;
  clientId: string;
  iss: string | null;
  sid: string | null;
}

/**
 * Whether the user oidc-client-ts keeps for `authority` + `clientId` in `storage` is the one a
 * front-channel request means: `null` when there is none.
 */
export function matchStoredUser(storage: Storage | null, request: SessionNames): 'match' | 'other-session' | null {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(userKey(request.authority, request.clientId)) ?? null;
  } catch {
    return null;
  }
  if (!stored) return null;
  let claims: IdTokenClaims;
  try {
    const user = JSON.parse(stored) as { id_token?: unknown; profile?: IdTokenClaims };
    claims = { ...user.profile, ...jwtClaims(user.id_token) };
  } catch {
    return null;
  }
  if (request.iss !== null && claims.iss !== request.iss) return 'other-session';
  if (request.sid !== null && claims.sid !== request.sid) return 'other-session';
  return 'match';
}

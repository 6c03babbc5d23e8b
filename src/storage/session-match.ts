// Which stored user a sign-out made elsewhere means (by the claims of its ID token), and its removal.
import { userKey } from './stored-user.js';

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
 * front-channel request means (its `iss`, and its `sid` where the ID token has one): `null` when
 * there is none.
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
  // A token that never carried a `sid` (LemonLDAP::NG's) is matched by `iss` alone: a provider
  // cannot name a session its token did not (LemonLDAP::NG then sends the user's `sub` as `sid`).
  if (request.sid !== null && claims.sid !== undefined && claims.sid !== request.sid) return 'other-session';
  return 'match';
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

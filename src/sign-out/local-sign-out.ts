import type { OidcMetadata } from 'oidc-client-ts';
import { bounded } from '../core/bounded.js';
import type { Revocation } from '../core/values.js';
import type { ResolvedSignOut } from '../options/resolve-options.js';
import { revokeTokens } from '../provider/revocation.js';
import { preventSilentAccess } from '../platform/credentials.js';
import { readStoredTokens, type StoredTokens } from '../storage/stored-tokens.js';
import { clearLocalTraces } from './local-traces.js';

/** The longest revocation may hold up a sign-out; a provider that answers later is not waited for. */
export const REVOCATION_BOUND_MS = 1500;

/** What the local sign-out hands on: the ID token (kept only in memory) and how revocation went. */
export interface LocalSignOut {
  idToken: string | null;
  revocation: Revocation;
}

/**
 * Step 2: reads the ID token, revokes tokens if asked, removes the stored user, clears storage,
 * and asks the browser not to sign the person straight back in. Always completes: a user who
 * clicked "Sign out" is signed out of this site even if the provider step fails.
 * `metadata` is the provider's discovery document, read only when revocation needs it.
 */
export async function signOutLocally(
  resolved: ResolvedSignOut,
  metadata: () => Promise<Partial<OidcMetadata>>,
): Promise<LocalSignOut> {
  let idToken = resolved.idTokenHint;
  let revocation: Revocation = 'skipped';
  try {
    const tokens = await readStoredTokens(resolved);
    idToken ??= tokens?.idToken ?? null;
    if (resolved.revokeTokens && tokens && (tokens.accessToken || tokens.refreshToken)) {
      revocation = await revokeWithin(resolved, tokens, metadata);
    }
  } catch {
    // A stored user that cannot be read (blocked or corrupt storage) is skipped; removal and clearing go on.
  }
  await clearLocalTraces(resolved, resolved.clearStorage, resolved.keepPatterns);
  // Asked at once, not waited for: its answer comes in a task of its own, which would let the
  // browser paint a frame before the click's navigation.
  preventSilentAccess().catch(() => undefined);
  return { idToken, revocation };
}

/** Revocation, best effort: `failed` on any refusal, a missing endpoint, or no answer within the bound. */
async function revokeWithin(
  resolved: ResolvedSignOut,
  tokens: StoredTokens,
  metadata: () => Promise<Partial<OidcMetadata>>,
): Promise<Revocation> {
  let revocation: Revocation = 'failed';
  await bounded(
    revokeTokens(resolved, tokens, metadata()).then(() => {
      revocation = 'done';
    }),
    REVOCATION_BOUND_MS,
  );
  return revocation;
}

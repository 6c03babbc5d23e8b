import type { OidcMetadata, StateStore } from 'oidc-client-ts';
import { SignOutError, toSignOutError } from './errors.js';
import type { ResolvedSignOut } from './options.js';
import { STATE_KEY_PREFIX } from './pending-sign-out.js';
import { webStorage } from './storage.js';
import { checkHttpUrl } from './url-policy.js';
import { fetchDiscovery, loadOidcClientTs } from './prefetch.js';

export { loadOidcClientTs, oidcClientTsChunk } from './prefetch.js';

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

/**
 * The tokens of the signed-in user: the SPA's own `UserManager`'s, or the ones oidc-client-ts
 * stored for `authority` + `clientId` in `userStore`. Reading the stored user needs no
 * oidc-client-ts: the local sign-out works even when its chunk cannot be loaded. Throws when the
 * user cannot be read.
 */
export async function readStoredTokens(resolved: ResolvedSignOut): Promise<StoredTokens | null> {
  let user: { id_token?: unknown; access_token?: unknown; refresh_token?: unknown } | null = null;
  if (resolved.userManager) {
    user = await resolved.userManager.getUser();
  } else if (resolved.authority && resolved.clientId) {
    const stored = webStorage(resolved.userStore)?.getItem(userKey(resolved.authority, resolved.clientId));
    if (stored) user = JSON.parse(stored) as typeof user;
  }
  if (!user) return null;
  return {
    idToken: asToken(user.id_token),
    accessToken: asToken(user.access_token),
    refreshToken: asToken(user.refresh_token),
  };
}

/** Removes the signed-in user (the SPA's `UserManager` raises its `userUnloaded`). */
export async function removeStoredUser(resolved: ResolvedSignOut): Promise<void> {
  if (resolved.userManager) {
    await resolved.userManager.removeUser();
    return;
  }
  if (!resolved.authority || !resolved.clientId) return;
  webStorage(resolved.userStore)?.removeItem(userKey(resolved.authority, resolved.clientId));
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

/**
 * Revokes the refresh token, then the access token, at the provider's `revocation_endpoint`
 * (RFC 7009), as the client: the SPA's `UserManager`'s secret where it has one, else as a public
 * client. Made here rather than by oidc-client-ts, whose revocation rejects the empty `text/plain`
 * 200 answer RFC 7009 allows (oidc-provider sends one). Nothing is written back to storage,
 * however late an answer comes. Throws when revocation is impossible (no endpoint) or refused.
 */
export async function revokeTokens(
  resolved: ResolvedSignOut,
  tokens: StoredTokens,
  metadata: Promise<Partial<OidcMetadata>>,
): Promise<void> {
  const published = await metadata;
  if (!published.revocation_endpoint) throw new Error('The provider publishes no revocation_endpoint.');
  const endpoint = checkHttpUrl(published.revocation_endpoint, "The provider's revocation_endpoint");
  const spa = resolved.userManager?.settings;
  const clientId = spa?.client_id ?? resolved.clientId ?? '';
  const secret = spa?.client_secret;
  const basic = secret !== undefined && spa?.client_authentication !== 'client_secret_post';
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (basic) headers.Authorization = `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`)}`;
  // The refresh token first: at many providers revoking it ends the access tokens made from it too.
  const revocations: [string | null, string][] = [
    [tokens.refreshToken, 'refresh_token'],
    [tokens.accessToken, 'access_token'],
  ];
  for (const [token, hint] of revocations) {
    if (!token) continue;
    const body = new URLSearchParams({ token, token_type_hint: hint });
    if (!basic) body.set('client_id', clientId);
    if (secret !== undefined && !basic) body.set('client_secret', secret);
    const response = await fetch(endpoint, { method: 'POST', headers, body, credentials: 'omit' });
    if (!response.ok) throw new Error(`The provider answered ${response.status} to the revocation of the ${hint}.`);
  }
}

/** The provider's discovery document (the SPA's `UserManager`'s, or fetched once per page). */
export function providerMetadata(resolved: ResolvedSignOut): Promise<Partial<OidcMetadata>> {
  if (resolved.userManager) return resolved.userManager.metadataService.getMetadata();
  if (!resolved.authority)
    return Promise.reject(new Error('No authority: no discovery document to find endpoints in.'));
  return fetchDiscovery(resolved.authority).catch((error: unknown) => {
    throw toSignOutError(
      error,
      'discovery',
      `The discovery document of ${resolved.authority} could not be fetched or read`,
    );
  });
}

/** The provider's metadata, as far as sign-out needs it. */
export type EndSessionMetadata = Partial<OidcMetadata> & { end_session_endpoint: string };

/**
 * Finds the end-session endpoint: `end-session-endpoint` as given, else the discovery document
 * (the SPA's `UserManager` reuses what it already fetched). Throws `load-failed`, `discovery`,
 * `no-end-session-endpoint`, or `unsafe-url` for an endpoint that is not `http(s)`: a provider
 * that publishes `javascript:` must not run script on the site.
 */
export async function discoverEndSession(resolved: ResolvedSignOut): Promise<EndSessionMetadata> {
  if (resolved.endSessionEndpoint) {
    return { issuer: resolved.authority ?? undefined, end_session_endpoint: resolved.endSessionEndpoint };
  }
  let metadata: Partial<OidcMetadata>;
  try {
    metadata = await providerMetadata(resolved);
  } catch (error) {
    throw toSignOutError(
      error,
      'discovery',
      `The discovery document of ${resolved.authority ?? 'the provider'} could not be fetched or read`,
    );
  }
  const endpoint: unknown = metadata.end_session_endpoint;
  if (endpoint === undefined || endpoint === null || endpoint === '') {
    throw new SignOutError(
      'no-end-session-endpoint',
      `${resolved.authority ?? 'The provider'} publishes no end_session_endpoint: it does not support RP-Initiated Logout. Set end-session-endpoint if it has one.`,
    );
  }
  const checked = checkHttpUrl(String(endpoint), "The provider's end_session_endpoint");
  return { ...metadata, end_session_endpoint: checked };
}

/**
 * oidc-client-ts's state store for end-session requests, under the package's own prefix (so
 * that clearing leaves sign-outs under way alone), failing with `storage` when the state cannot
 * be kept: a request whose return could not be verified is not sent.
 */
export async function endSessionStateStore(): Promise<StateStore> {
  const { WebStorageStateStore, InMemoryWebStorage } = await loadOidcClientTs();
  // Blocked storage: no state is sent (nothing could verify it), so nothing needs keeping.
  const storage = webStorage('local') ?? new InMemoryWebStorage();
  const store = new WebStorageStateStore({ store: storage, prefix: STATE_KEY_PREFIX });
  return {
    get: (key) => store.get(key),
    remove: (key) => store.remove(key),
    getAllKeys: () => store.getAllKeys(),
    async set(key, value) {
      try {
        await store.set(key, value);
      } catch (error) {
        throw new SignOutError(
          'storage',
          'The end-session state could not be stored (storage full?): the request was not sent, since its return could not be verified.',
          { cause: error },
        );
      }
    },
  };
}

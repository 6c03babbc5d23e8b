import type { OidcMetadata, StateStore } from 'oidc-client-ts';
import { SignOutError, toSignOutError } from './errors.js';
import type { ResolvedSignOut } from './options.js';
import { STATE_KEY_PREFIX } from './pending-sign-out.js';
import { webStorage } from './storage.js';
import { checkHttpUrl } from './url-policy.js';

type OidcClientTs = typeof import('oidc-client-ts');

/**
 * How oidc-client-ts is fetched, and the load under way or done. Tests replace `import` (and
 * forget `loaded`) to play a chunk that fails to load.
 */
export const oidcClientTsChunk: { import: () => Promise<OidcClientTs>; loaded?: Promise<OidcClientTs> } = {
  import: () => import('oidc-client-ts'),
};

/**
 * oidc-client-ts, loaded on first use so that a page pays for it only when someone signs out.
 * Rejects with `load-failed` (a failure is not kept: the next call tries again).
 */
export function loadOidcClientTs(): Promise<OidcClientTs> {
  const chunk = oidcClientTsChunk;
  chunk.loaded ??= chunk.import().catch((error: unknown) => {
    chunk.loaded = undefined;
    throw toSignOutError(error, 'load-failed', "The package's oidc-client-ts chunk could not be loaded");
  });
  return chunk.loaded;
}

/** The key under which oidc-client-ts's `UserManager` keeps the user of `authority` + `clientId`. */
function userKey(authority: string, clientId: string): string {
  return `oidc.user:${authority}:${clientId}`;
}

/**
 * Removes the signed-in user (the SPA's own `UserManager`, or the one oidc-client-ts stored for
 * `authority` + `clientId` in `userStore`) and returns its ID token. Reading the stored user
 * needs no oidc-client-ts: the local sign-out works even when its chunk cannot be loaded.
 * Throws when the user cannot be read; the caller clears storage whatever happens.
 */
export async function removeStoredUser(resolved: ResolvedSignOut): Promise<string | null> {
  if (resolved.userManager) {
    const user = await resolved.userManager.getUser();
    await resolved.userManager.removeUser();
    return user?.id_token ?? null;
  }
  if (!resolved.authority || !resolved.clientId) return null;
  const store = webStorage(resolved.userStore);
  if (!store) return null;
  const key = userKey(resolved.authority, resolved.clientId);
  const stored = store.getItem(key);
  store.removeItem(key);
  if (!stored) return null;
  const { id_token: idToken } = JSON.parse(stored) as { id_token?: unknown };
  return typeof idToken === 'string' && idToken ? idToken : null;
}

const discoveryCache = new Map<string, Promise<Partial<OidcMetadata>>>();

/** The discovery document of `authority`, fetched once per page (a failure is not kept). */
function fetchDiscovery(authority: string, clientId: string): Promise<Partial<OidcMetadata>> {
  let metadata = discoveryCache.get(authority);
  if (!metadata) {
    metadata = loadOidcClientTs().then(async ({ MetadataService, OidcClientSettingsStore }) => {
      try {
        return await new MetadataService(
          new OidcClientSettingsStore({ authority, client_id: clientId, redirect_uri: window.location.href }),
        ).getMetadata();
      } catch (error) {
        throw toSignOutError(error, 'discovery', `The discovery document of ${authority} could not be fetched or read`);
      }
    });
    metadata.catch(() => discoveryCache.delete(authority));
    discoveryCache.set(authority, metadata);
  }
  return metadata;
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
    metadata = await (resolved.userManager
      ? resolved.userManager.metadataService.getMetadata()
      : fetchDiscovery(resolved.authority ?? '', resolved.clientId ?? ''));
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

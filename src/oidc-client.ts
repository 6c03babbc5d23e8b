import type { OidcMetadata, UserManager } from 'oidc-client-ts';
import { SignOutError, toSignOutError } from './errors.js';
import type { ResolvedSignOut } from './options.js';
import { webStorage } from './storage.js';

type OidcClientTs = typeof import('oidc-client-ts');

let oidcClientTs: Promise<OidcClientTs> | undefined;

/** oidc-client-ts, loaded on first use so that a page pays for it only when someone signs out. */
export function loadOidcClientTs(): Promise<OidcClientTs> {
  oidcClientTs ??= import('oidc-client-ts').catch((error: unknown) => {
    oidcClientTs = undefined;
    throw error;
  });
  return oidcClientTs;
}

/**
 * The `UserManager` that holds the signed-in user: the SPA's own, or one for `authority` +
 * `clientId` in `userStore`. `null` when there is none to hold, or its storage is blocked.
 */
export async function userHolder(resolved: ResolvedSignOut): Promise<UserManager | null> {
  if (resolved.userManager) return resolved.userManager;
  if (!resolved.authority || !resolved.clientId) return null;
  const store = webStorage(resolved.userStore);
  if (!store) return null;
  const { UserManager, WebStorageStateStore } = await loadOidcClientTs();
  return new UserManager({
    authority: resolved.authority,
    client_id: resolved.clientId,
    redirect_uri: window.location.href,
    userStore: new WebStorageStateStore({ store }),
    automaticSilentRenew: false,
  });
}

const discoveryCache = new Map<string, Promise<Partial<OidcMetadata>>>();

/** The discovery document of `authority`, fetched once per page (a failure is not kept). */
function fetchDiscovery(authority: string, clientId: string): Promise<Partial<OidcMetadata>> {
  let metadata = discoveryCache.get(authority);
  if (!metadata) {
    metadata = loadOidcClientTs().then(({ MetadataService, OidcClientSettingsStore }) =>
      new MetadataService(
        new OidcClientSettingsStore({ authority, client_id: clientId, redirect_uri: window.location.href }),
      ).getMetadata(),
    );
    metadata.catch(() => discoveryCache.delete(authority));
    discoveryCache.set(authority, metadata);
  }
  return metadata;
}

/** The provider's metadata, as far as sign-out needs it. */
export type EndSessionMetadata = Partial<OidcMetadata> & { end_session_endpoint: string };

/**
 * Finds the end-session endpoint: `end-session-endpoint` as given, else the discovery document
 * (the SPA's `UserManager` reuses what it already fetched). Throws `discovery` or
 * `no-end-session-endpoint`.
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
  const endpoint = metadata.end_session_endpoint;
  if (!endpoint) {
    throw new SignOutError(
      'no-end-session-endpoint',
      `${resolved.authority ?? 'The provider'} publishes no end_session_endpoint: it does not support RP-Initiated Logout. Set end-session-endpoint if it has one.`,
    );
  }
  return { ...metadata, end_session_endpoint: endpoint };
}

// Where the end-session request goes: the `end-session-endpoint` as given, or the provider's
// discovery document (the SPA's own UserManager's, or fetched once per page).
import type { OidcMetadata } from 'oidc-client-ts';
import { SignOutError, toSignOutError } from '../core/errors.js';
import { checkHttpUrl } from '../core/url-policy.js';
import type { ResolvedSignOut } from '../options/resolve-options.js';
import { DISCOVERY_TIMEOUT_MS, fetchDiscovery } from './discovery.js';

/** The provider's discovery document (the SPA's `UserManager`'s, or fetched once per page). */
export function providerMetadata(resolved: ResolvedSignOut): Promise<Partial<OidcMetadata>> {
  if (resolved.userManager) {
    const published = resolved.userManager.metadataService.getMetadata();
    return within(published, DISCOVERY_TIMEOUT_MS, `No discovery document within ${DISCOVERY_TIMEOUT_MS / 1000} s.`);
  }
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

/** `promise`, or a rejection with `message` once `ms` passed without it settling. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

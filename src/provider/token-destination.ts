import { SignOutError } from '../core/errors.js';
import type { ResolvedSignOut } from '../options/resolve-options.js';
import { providerMetadata } from './provider-metadata.js';

const originOf = (url: string | null | undefined) => {
  try {
    return url ? new URL(url, window.location.href).origin : null;
  } catch {
    return null;
  }
};

/**
 * The stored ID token goes only to the provider that issued it. An `end-session-endpoint` is
 * markup, which a CMS snippet or a lax sanitizer lets anyone write: while the token comes from
 * storage, the endpoint must be on the authority's origin or on that of the end-session endpoint
 * its discovery document publishes. An explicit `id-token-hint` is the page's own choice.
 * Throws `unsafe-url`.
 */
export async function checkTokenDestination(
  resolved: ResolvedSignOut,
  idToken: string | null,
  endpoint: string,
): Promise<void> {
  if (!idToken || resolved.idTokenHint || !resolved.endSessionEndpoint) return;
  const destination = originOf(endpoint);
  if (destination === originOf(resolved.authority)) return;
  const published = await providerMetadata(resolved).then(
    (metadata) => metadata.end_session_endpoint,
    () => null,
  );
  if (destination === originOf(published)) return;
  throw new SignOutError(
    'unsafe-url',
    `end-session-endpoint points to ${destination}, neither the authority's origin nor that of the end-session endpoint it publishes: the stored ID token is not sent there.`,
  );
}

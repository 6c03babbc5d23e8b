// The provider's discovery document, fetched by the element's first load beside the sign-out chunk
// (on intent, or at a cold click) rather than after it.
import type { OidcMetadata } from 'oidc-client-ts';

/** The longest a sign-out waits for a discovery document: a provider that never answers ends in `discovery`. */
export const DISCOVERY_TIMEOUT_MS = 10_000;

const discoveries = new Map<string, Promise<Partial<OidcMetadata>>>();

/**
 * The discovery document of `authority` (an http(s) URL), fetched once per page, as
 * oidc-client-ts's MetadataService fetches it (same URL, `Accept`, credentials and checks), but
 * without waiting for oidc-client-ts to load, and for at most `DISCOVERY_TIMEOUT_MS` (body
 * included). Rejects with the reason; the caller names it. A failure is not kept (the next use
 * retries).
 */
export function fetchDiscovery(authority: string): Promise<Partial<OidcMetadata>> {
  let metadata = discoveries.get(authority);
  if (!metadata) {
    const url = `${authority}${authority.endsWith('/') ? '' : '/'}.well-known/openid-configuration`;
    const signal = AbortSignal.timeout(DISCOVERY_TIMEOUT_MS);
    metadata = fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal }).then(
      async (response) => {
        const type = response.headers.get('Content-Type');
        if (type && !type.startsWith('application/json')) throw new Error(`Invalid response Content-Type: ${type}`);
        if (!response.ok) throw new Error(`${response.statusText} (${response.status})`);
        const json: unknown = await response.json();
        if (typeof json !== 'object' || json === null) throw new Error('The discovery document is not a JSON object.');
        return json as Partial<OidcMetadata>;
      },
    );
    metadata.catch(() => discoveries.delete(authority));
    discoveries.set(authority, metadata);
  }
  return metadata;
}

// What a sign-out fetches before its code runs, started by the element's shell beside the
// sign-out chunk (on intent, or at a cold click) rather than after it: oidc-client-ts, and the
// discovery document. Both are cached for the page; a failure is not kept (the next use retries).
import type { OidcMetadata } from 'oidc-client-ts';
import { loadOnce, type Chunk } from './lazy.js';

type OidcClientTs = typeof import('oidc-client-ts');

/** oidc-client-ts, loaded on first use so that a page pays for it only when someone signs out. */
export const oidcClientTsChunk: Chunk<OidcClientTs> = { import: () => import('oidc-client-ts') };

export const loadOidcClientTs = (): Promise<OidcClientTs> => loadOnce(oidcClientTsChunk, 'oidc-client-ts chunk');

const discoveries = new Map<string, Promise<Partial<OidcMetadata>>>();

/**
 * The discovery document of `authority` (an http(s) URL), fetched once per page, as
 * oidc-client-ts's MetadataService fetches it (same URL, `Accept`, credentials and checks), but
 * without waiting for oidc-client-ts to load. Rejects with the reason; the caller names it.
 */
export function fetchDiscovery(authority: string): Promise<Partial<OidcMetadata>> {
  let metadata = discoveries.get(authority);
  if (!metadata) {
    const url = `${authority}${authority.endsWith('/') ? '' : '/'}.well-known/openid-configuration`;
    metadata = fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(
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

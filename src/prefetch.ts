// What a sign-out fetches before its code runs, started by the element's shell beside the
// sign-out chunk (on intent, or at a cold click) rather than after it: oidc-client-ts, and the
// discovery document. Both are cached for the page; a failure is not kept (the next use retries).
import type { OidcMetadata } from 'oidc-client-ts';
import { toSignOutError } from './errors.js';

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

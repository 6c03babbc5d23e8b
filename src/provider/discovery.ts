// The provider's discovery document: fetched as oidc-client-ts's MetadataService fetches it, once
// per page, and kept between page loads for as long as the provider says it may be cached (at most
// an hour), so that a sign-out on a later page waits for no discovery round trip.
import type { OidcMetadata } from 'oidc-client-ts';
import { PACKAGE_KEY_PREFIX, webStorage } from '../platform/web-storage.js';

/** The longest a sign-out waits for a discovery document: a provider that never answers ends in `discovery`. */
export const DISCOVERY_TIMEOUT_MS = 10_000;

/** The longest a discovery document is kept between page loads, whatever the provider allows. */
export const DISCOVERY_KEPT_AT_MOST_MS = 60 * 60 * 1000;

/** Where a discovery document is kept between page loads (the package's prefix: clearing leaves it). */
export const discoveryKey = (authority: string): string => `${PACKAGE_KEY_PREFIX}discovery:${authority}`;

/** A discovery document kept between page loads, with when it stops being fresh (epoch ms). */
interface KeptDiscovery {
  expires: number;
  document: Partial<OidcMetadata>;
}

const documents = new Map<string, Promise<Partial<OidcMetadata>>>();

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The document kept for `authority` while it is fresh, or `null`. Any script of the origin can
 * write storage: a record of another shape, or one that claims to stay fresh longer than a
 * document is ever kept, is not used.
 */
function kept(authority: string): Partial<OidcMetadata> | null {
  try {
    const record: unknown = JSON.parse(webStorage('local')?.getItem(discoveryKey(authority)) ?? 'null');
    if (!isObject(record) || typeof record.expires !== 'number' || !isObject(record.document)) return null;
    const left = record.expires - Date.now();
    return left > 0 && left <= DISCOVERY_KEPT_AT_MOST_MS ? (record.document as Partial<OidcMetadata>) : null;
  } catch {
    return null;
  }
}

/** How long a response may be kept, by its `Cache-Control` (`max-age`, not `no-store`), at most an hour; 0: not at all. */
export function keptFor(cacheControl: string | null): number {
  if (!cacheControl || /(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const maxAge = /(^|,)\s*max-age\s*=\s*"?(\d+)"?\s*(,|$)/i.exec(cacheControl)?.[2];
  return maxAge === undefined ? 0 : Math.min(Number(maxAge) * 1000, DISCOVERY_KEPT_AT_MOST_MS);
}

async function fetched(authority: string): Promise<Partial<OidcMetadata>> {
  const url = `${authority}${authority.endsWith('/') ? '' : '/'}.well-known/openid-configuration`;
  const signal = AbortSignal.timeout(DISCOVERY_TIMEOUT_MS);
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal });
  const type = response.headers.get('Content-Type');
  if (type && !type.startsWith('application/json')) throw new Error(`Invalid response Content-Type: ${type}`);
  if (!response.ok) throw new Error(`${response.statusText} (${response.status})`);
  const document: unknown = await response.json();
  if (!isObject(document)) throw new Error('The discovery document is not a JSON object.');
  const lifetime = keptFor(response.headers.get('Cache-Control'));
  if (lifetime > 0) {
    try {
      const record: KeptDiscovery = { expires: Date.now() + lifetime, document };
      webStorage('local')?.setItem(discoveryKey(authority), JSON.stringify(record));
    } catch {
      // Full or blocked storage: the next page asks again.
    }
  }
  return document as Partial<OidcMetadata>;
}

/**
 * The discovery document of `authority` (an http(s) URL): kept from an earlier page while fresh,
 * else fetched with the checks oidc-client-ts makes, for at most `DISCOVERY_TIMEOUT_MS` (body
 * included). Rejects with the reason; the caller names it. A failure is not kept (the next use
 * retries).
 */
export function fetchDiscovery(authority: string): Promise<Partial<OidcMetadata>> {
  let document = documents.get(authority);
  if (!document) {
    const fresh = kept(authority);
    document = fresh ? Promise.resolve(fresh) : fetched(authority);
    document.catch(() => documents.delete(authority));
    documents.set(authority, document);
  }
  return document;
}

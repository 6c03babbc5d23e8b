import { fetchDiscovery } from '../provider/discovery.js';
import { loadOidcClientTs } from '../provider/oidc-client-ts.js';
import type { OptionProperties } from '../options/option-table.js';

/**
 * Starts what a button's sign-out will fetch beside the sign-out chunk, not after it:
 * oidc-client-ts, and the discovery document when there is one to find. A failure here is silent
 * (the sign-out asks again, and reports it); invalid options only mean a fetch that goes unused.
 */
export function prefetch({ mode, userManager, authority, endSessionEndpoint }: Partial<OptionProperties>): void {
  if (mode === 'local' || userManager) return;
  loadOidcClientTs().catch(() => undefined);
  const issuer = authority?.trim();
  if (issuer && !endSessionEndpoint?.trim() && /^https?:\/\//i.test(issuer)) {
    fetchDiscovery(issuer).catch(() => undefined);
  }
}

import { loadOidcClientTs } from '../provider/oidc-client-ts.js';
import type { OptionProperties } from '../options/option-table.js';

/**
 * Starts what a button's sign-out will load beside the sign-out chunk, not after it:
 * oidc-client-ts (the sign-out code fetches the discovery document, or finds it kept from an
 * earlier page). A failure here is silent: the sign-out asks again, and reports it.
 */
export function prefetch({ mode, userManager }: Partial<OptionProperties>): void {
  if (mode === 'local' || userManager) return;
  loadOidcClientTs().catch(() => undefined);
}

import { discoverEndSession, loadOidcClientTs, providerMetadata } from './oidc-client.js';
import { resolveOptions, type SignOutOptions } from './options.js';

/**
 * Loads oidc-client-ts and the discovery document ahead of a click, so that the sign-out itself
 * waits for neither. Rejects with `invalid-config`, `unsafe-url`, `discovery` or
 * `no-end-session-endpoint`; changes nothing and fires no event.
 */
export async function prepareSignOut(options: SignOutOptions): Promise<void> {
  const resolved = resolveOptions(options);
  await loadOidcClientTs();
  if (resolved.mode !== 'local') await discoverEndSession(resolved);
  else if (resolved.revokeTokens && resolved.authority) await providerMetadata(resolved);
}

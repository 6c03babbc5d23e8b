import { warnAboutMarkup } from '../options/markup-warnings.js';
import type { SignOutOptions } from '../options/option-table.js';
import { resolveOptions, type ResolvedSignOut } from '../options/resolve-options.js';
import { loadOidcClientTs } from '../provider/oidc-client-ts.js';
import { rehearseEndSessionRequest } from '../provider/end-session-request.js';
import { discoverEndSession, providerMetadata } from '../provider/provider-metadata.js';

/**
 * Loads oidc-client-ts and the discovery document ahead of a click, so that the sign-out itself
 * waits for neither. Rejects with `invalid-config`, `unsafe-url`, `discovery` or
 * `no-end-session-endpoint`; changes nothing and fires no event.
 */
export async function prepareSignOut(options: SignOutOptions): Promise<void> {
  const resolved = resolveOptions(options);
  await loadOidcClientTs();
  await prepareFor(resolved);
}

/**
 * What the element does on intent (a hover, a focus, a touch): fetches what this sign-out's
 * click will need and nothing else (a `local` sign-out needs no oidc-client-ts, only the
 * revocation endpoint when it revokes), then rehearses its end-session request so that the
 * click's own compiles nothing. Same rejections as `prepareSignOut`.
 */
export async function warmSignOut(options: SignOutOptions, element?: Element): Promise<void> {
  warnAboutMarkup(element, options);
  const resolved = resolveOptions(options);
  if (resolved.mode !== 'local') await loadOidcClientTs();
  await prepareFor(resolved);
  if (resolved.mode !== 'local') {
    await rehearseEndSessionRequest({ resolved, metadata: await discoverEndSession(resolved), idToken: null });
  }
}

async function prepareFor(resolved: ResolvedSignOut): Promise<void> {
  if (resolved.mode !== 'local') await discoverEndSession(resolved);
  else if (resolved.revokeTokens && resolved.authority) await providerMetadata(resolved);
}

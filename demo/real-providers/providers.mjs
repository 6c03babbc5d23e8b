// The real OpenID Providers of the interop suite, by name. Each `start(options)` prepares a fresh
// configuration in a temp directory, starts the provider on a free port of 127.0.0.1 (detached,
// its own process group) and resolves once its discovery document answers, with
// `{ name, issuer, discovery, clients, user, signInForm(page), confirmLogout(page), stop() }`.
// `ensureInstalled(name)` checks (and, as root, installs) its Debian packages first.
import * as glewlwyd from './glewlwyd.mjs';
import * as lemonldap from './lemonldap.mjs';
import { DEFAULT_PATHS, ensureInstalled, installCommand } from './shared.mjs';

export const providers = { glewlwyd, lemonldap };
export const PROVIDER_NAMES = Object.keys(providers);
export { DEFAULT_PATHS, ensureInstalled, installCommand };

/** Starts provider `name` with `options` (see each module's `start`). */
export function start(name, options) {
  const provider = providers[name];
  if (!provider) throw new Error(`No provider "${name}": ${PROVIDER_NAMES.join(', ')}`);
  return provider.start(options);
}

import type { StateStore } from 'oidc-client-ts';
import { SignOutError } from '../core/errors.js';
import { webStorage } from '../platform/web-storage.js';
import { loadOidcClientTs } from './oidc-client-ts.js';
import { STATE_KEY_PREFIX } from './pending-sign-out.js';

/**
 * oidc-client-ts's state store for end-session requests, under the package's own prefix (so
 * that clearing leaves sign-outs under way alone), failing with `storage` when the state cannot
 * be kept: a request whose return could not be verified is not sent.
 */
export async function endSessionStateStore(): Promise<StateStore> {
  const { WebStorageStateStore, InMemoryWebStorage } = await loadOidcClientTs();
  // Blocked storage: no state is sent (nothing could verify it), so nothing needs keeping.
  const storage = webStorage('local') ?? new InMemoryWebStorage();
  const store = new WebStorageStateStore({ store: storage, prefix: STATE_KEY_PREFIX });
  return {
    get: (key) => store.get(key),
    remove: (key) => store.remove(key),
    getAllKeys: () => store.getAllKeys(),
    async set(key, value) {
      try {
        await store.set(key, value);
      } catch (error) {
        throw new SignOutError(
          'storage',
          'The end-session state could not be stored (storage full?): the request was not sent, since its return could not be verified.',
          { cause: error },
        );
      }
    },
  };
}

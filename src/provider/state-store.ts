import type { StateStore } from 'oidc-client-ts';
import { SignOutError } from '../core/errors.js';
import { webStorage } from '../platform/web-storage.js';
import { loadOidcClientTs } from './oidc-client-ts.js';
import { STATE_KEY_PREFIX } from './pending-sign-out.js';

/**
 * At most this many stored states are looked at when oidc-client-ts clears stale ones (older than
 * 15 minutes) before each request: a storage full of records a page planted cannot stall it.
 */
export const STALE_STATE_SWEEP = 50;

/**
 * oidc-client-ts's state store for end-session requests, under the package's own prefix (so
 * that clearing leaves sign-outs under way alone), failing with `storage` when the state cannot
 * be kept: a request whose return could not be verified is not sent. A storage that throws when
 * read, listed or cleaned (blocked, sandboxed) is skipped in those steps: the request goes on.
 */
export async function endSessionStateStore(): Promise<StateStore> {
  const { WebStorageStateStore, InMemoryWebStorage } = await loadOidcClientTs();
  // Blocked storage: no state is sent (nothing could verify it), so nothing needs keeping.
  const storage = webStorage('local') ?? new InMemoryWebStorage();
  const store = new WebStorageStateStore({ store: storage, prefix: STATE_KEY_PREFIX });
  const orNull = <T>(read: () => Promise<T>) => read().catch(() => null);
  return {
    get: (key) => orNull(() => store.get(key)),
    remove: (key) => orNull(() => store.remove(key)),
    getAllKeys: async () => ((await orNull(() => store.getAllKeys())) ?? []).slice(0, STALE_STATE_SWEEP),
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

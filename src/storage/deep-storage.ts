/**
 * IndexedDB and Cache Storage, the storages a PWA keeps private data in offline. Both are
 * asynchronous and may wait on other tabs, so every step here is bounded: clearing never holds
 * up a sign-out for longer than `DEEP_CLEAR_BOUND_MS`.
 */

/** The longest the deep clearing may take; what is not done by then goes on in the background. */
export const DEEP_CLEAR_BOUND_MS = 1000;

/**
 * Deletes every IndexedDB database of the origin whose name `keep` does not match. A deletion
 * blocked by another tab's open connection is not waited for: it stays queued in the browser and
 * completes once that tab lets go (the tab gets a `versionchange` event asking it to).
 */
export async function clearIndexedDb(keep: (name: string) => boolean): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .map((database) => database.name)
      .filter((name): name is string => typeof name === 'string' && !keep(name))
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = () => resolve();
            request.onerror = () => resolve();
            request.onblocked = () => resolve();
          }),
      ),
  );
}

/** Deletes every Cache Storage cache of the origin whose name `keep` does not match. */
export async function clearCaches(keep: (name: string) => boolean): Promise<void> {
  if (typeof caches === 'undefined') return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => !keep(name)).map((name) => caches.delete(name)));
}

import { bounded } from '../core/bounded.js';
import type { StorageArea } from '../core/values.js';
import { PACKAGE_KEY_PREFIX, webStorage } from '../platform/web-storage.js';
import { clearCookies } from './cookies.js';
import { DEEP_CLEAR_BOUND_MS, clearCaches, clearIndexedDb } from './deep-storage.js';

/**
 * Clears the named storages, leaving the keys and names `keep` matches and the package's own
 * records. Never throws; IndexedDB and Cache Storage get at most `DEEP_CLEAR_BOUND_MS` together.
 */
export async function clearStorage(areas: readonly StorageArea[], keep: (key: string) => boolean): Promise<void> {
  const deep: Promise<void>[] = [];
  for (const area of areas) {
    if (area === 'cookies') clearCookies(keep);
    else if (area === 'indexeddb') deep.push(clearIndexedDb(keep));
    else if (area === 'caches') deep.push(clearCaches(keep));
    else clearWebStorage(webStorage(area), keep);
  }
  if (deep.length) await bounded(Promise.all(deep), DEEP_CLEAR_BOUND_MS);
}

export function clearWebStorage(storage: Storage | null, keep: (key: string) => boolean): void {
  if (!storage) return;
  try {
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index));
    for (const key of keys) {
      if (key !== null && !key.startsWith(PACKAGE_KEY_PREFIX) && !keep(key)) storage.removeItem(key);
    }
  } catch {
    // A storage that starts throwing half-way is skipped like one that throws at once.
  }
}

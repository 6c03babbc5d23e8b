// The page's web storages, behind a seam. Part of the first load: the element's shell reads the
// origin's recent sign-outs when it comes back from the back/forward cache.

/**
 * Keys the package writes for sign-outs under way (their end-session `state`, the pending
 * record). Clearing never touches them: another tab's sign-out may be waiting for its return.
 */
export const PACKAGE_KEY_PREFIX = 'sign-out-button.';

/**
 * Where the package finds the page's web storages. Tests replace `get` to play blocked storage
 * (a WebKit JIT keeps the native `localStorage` getter after a test redefines it).
 */
export const storageAccess = {
  get(area: 'local' | 'session'): Storage {
    return area === 'local' ? window.localStorage : window.sessionStorage;
  },
};

/**
 * The page's `localStorage` or `sessionStorage`, or `null` where touching it throws
 * (blocked storage, sandboxed frames): such a storage is skipped, not fatal.
 */
export function webStorage(area: 'local' | 'session'): Storage | null {
  try {
    const storage = storageAccess.get(area);
    void storage.length;
    return storage;
  } catch {
    return null;
  }
}

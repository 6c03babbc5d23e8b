// The package's lazily loaded code, from the first load's side: what a click, a hover and the
// drop-in API functions load on first use. A load that fails rejects with `load-failed` and is not
// kept, so the next use tries again.
import { toSignOutError } from './errors.js';

type Work = typeof import('./sign-out-work.js');

/**
 * The sign-out itself (options, modes, navigators, storage clearing; oidc-client-ts is its own
 * chunk, started beside this one: see prefetch.ts). `ready` is set once it is loaded, so that a
 * click after it awaits nothing before the popup opens. Tests replace `import` (and forget `loaded`) to play a chunk
 * that fails to load.
 */
export const workChunk: { import: () => Promise<Work>; loaded?: Promise<Work>; ready?: Work } = {
  import: () => import('./sign-out-work.js'),
};

export function loadWork(): Promise<Work> {
  workChunk.loaded ??= workChunk.import().then(
    (work) => (workChunk.ready = work),
    (error: unknown) => {
      workChunk.loaded = undefined;
      throw loadFailed(error);
    },
  );
  return workChunk.loaded;
}

/** `import()` of one of the package's chunks, failing as `load-failed`. */
export function loadChunk<T>(load: () => Promise<T>): Promise<T> {
  return load().catch((error: unknown) => {
    throw loadFailed(error);
  });
}

function loadFailed(error: unknown) {
  return toSignOutError(error, 'load-failed', "The package's sign-out code could not be loaded");
}

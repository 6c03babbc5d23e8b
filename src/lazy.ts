// The package's lazily loaded code, from the first load's side: what a click, a hover and the
// drop-in API functions load on first use. A load that fails rejects with `load-failed` and is not
// kept, so the next use tries again.
import { toSignOutError } from './errors.js';

/**
 * One of the package's chunks: how it is fetched, the load under way or done, and the module once
 * it is there. Tests replace `import` (and forget `loaded` and `ready`) to play a chunk that fails
 * to load.
 */
export interface Chunk<T> {
  import: () => Promise<T>;
  loaded?: Promise<T>;
  ready?: T;
}

/** Loads `chunk` once; a failure rejects with `load-failed`, naming `what`, and is not kept. */
export function loadOnce<T>(chunk: Chunk<T>, what: string): Promise<T> {
  chunk.loaded ??= chunk.import().then(
    (module) => (chunk.ready = module),
    (error: unknown) => {
      chunk.loaded = undefined;
      throw toSignOutError(error, 'load-failed', `The package's ${what} could not be loaded`);
    },
  );
  return chunk.loaded;
}

type Work = typeof import('./sign-out-work.js');

/**
 * The sign-out itself (options, modes, navigators, storage clearing; oidc-client-ts is its own
 * chunk, started beside this one: see prefetch.ts). Its `ready` lets a click after it await
 * nothing before the popup opens.
 */
export const workChunk: Chunk<Work> = { import: () => import('./sign-out-work.js') };

export const loadWork = (): Promise<Work> => loadOnce(workChunk, 'sign-out code');

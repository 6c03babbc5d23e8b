import { toSignOutError } from '../core/errors.js';

/**
 * Code loaded on first use (one of the package's chunks, or oidc-client-ts): how it is fetched,
 * the load under way or done, and the module once it is there. Tests replace `import` (and forget
 * `loaded` and `ready`) to play a chunk that fails to load.
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

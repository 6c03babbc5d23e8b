// The one place where the package imports its own code with import(): what the first load fetches
// when it is first needed. A load that fails rejects with `load-failed` and is not kept, so the
// next use tries again. Tests replace `import` to play a chunk that fails to load.
import { loadOnce, type Chunk } from '../platform/load-once.js';
import type * as SignOutModule from '../sign-out/sign-out-chunk.js';

type SignOutCode = typeof SignOutModule;

/**
 * Everything but the first load, in one chunk: the sign-out (options, modes, windows), the return
 * and front-channel pages' code, and what a tab does for a sign-out made elsewhere
 * (oidc-client-ts is its own chunk, started beside this one). Its `ready` lets a click after it
 * await nothing before the popup opens.
 */
export const signOutChunk: Chunk<SignOutCode> = { import: () => import('../sign-out/sign-out-chunk.js') };
export const loadSignOutCode = (): Promise<SignOutCode> => loadOnce(signOutChunk, 'sign-out code');

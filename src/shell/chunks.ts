// The one place where the package imports its own code with import(): what the first load fetches
// when it is first needed. A load that fails rejects with `load-failed` and is not kept, so the
// next use tries again. Tests replace `import` on these to play a chunk that fails to load.
import { loadOnce, type Chunk } from '../platform/load-once.js';
import type * as ReturnPageModule from '../sign-out/complete-sign-out.js';
import type * as SignOutModule from '../sign-out/sign-out-chunk.js';
import type * as FrontChannelModule from '../tabs/front-channel.js';
import type * as RemoteHandlerModule from '../tabs/remote-sign-out.js';

type SignOutCode = typeof SignOutModule;
type ReturnPage = typeof ReturnPageModule;
type FrontChannelPage = typeof FrontChannelModule;
type RemoteHandler = typeof RemoteHandlerModule;

/**
 * The sign-out itself (options, modes, windows, storage clearing; oidc-client-ts is its own
 * chunk, started beside this one). Its `ready` lets a click after it await nothing before the
 * popup opens.
 */
export const signOutChunk: Chunk<SignOutCode> = { import: () => import('../sign-out/sign-out-chunk.js') };
export const loadSignOutCode = (): Promise<SignOutCode> => loadOnce(signOutChunk, 'sign-out code');

/** The return page's code (`completeSignOut`), for the drop-in files. */
export const returnPageChunk: Chunk<ReturnPage> = { import: () => import('../sign-out/complete-sign-out.js') };
/** The front-channel page's code (`handleFrontChannelLogout`), for the drop-in files. */
export const frontChannelChunk: Chunk<FrontChannelPage> = { import: () => import('../tabs/front-channel.js') };

/** What a tab does for a sign-out made elsewhere, loaded when the first one arrives. */
export const remoteHandlerChunk: Chunk<RemoteHandler> = { import: () => import('../tabs/remote-sign-out.js') };

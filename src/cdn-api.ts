// The API functions of the drop-in files: each loads its code on first call, so that a page that
// only shows a button loads none of it. Same signatures and results as the npm entry's; a chunk
// that cannot be fetched rejects with `load-failed` (and `signOut` also fires `sign-out-error`).
import type { completeSignOut as complete } from './complete-sign-out.js';
import { dispatchSignOutEvent } from './events.js';
import type { handleFrontChannelLogout as frontChannel } from './front-channel.js';
import { loadOnce, loadWork, type Chunk } from './lazy.js';
import type { prepareSignOut as prepare } from './prepare-sign-out.js';
import type { signOut as signOutNow } from './sign-out.js';
import type { SignOutError } from './errors.js';

export const signOut: typeof signOutNow = (options) =>
  loadWork().then(
    (work) => work.signOut(options),
    (error: SignOutError) => {
      dispatchSignOutEvent(document, 'sign-out-error', { error });
      throw error;
    },
  );

export const prepareSignOut: typeof prepare = (options) => loadWork().then((work) => work.prepareSignOut(options));

const returnPage: Chunk<typeof import('./complete-sign-out.js')> = { import: () => import('./complete-sign-out.js') };
const frontChannelPage: Chunk<typeof import('./front-channel.js')> = { import: () => import('./front-channel.js') };

export const completeSignOut: typeof complete = (options) =>
  loadOnce(returnPage, 'sign-out code').then((chunk) => chunk.completeSignOut(options));

export const handleFrontChannelLogout: typeof frontChannel = (options) =>
  loadOnce(frontChannelPage, 'sign-out code').then((chunk) => chunk.handleFrontChannelLogout(options));

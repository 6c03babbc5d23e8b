// The API functions of the drop-in files: each loads its code on first call, so that a page that
// only shows a button loads none of it. Same signatures and results as the npm entry's; a chunk
// that cannot be fetched rejects with `load-failed` (and `signOut` also fires `sign-out-error`).
import type { SignOutError } from '../core/errors.js';
import { dispatchSignOutEvent } from '../core/events.js';
import { loadOnce } from '../platform/load-once.js';
import type { completeSignOut as complete } from '../sign-out/complete-sign-out.js';
import type { prepareSignOut as prepare } from '../sign-out/prepare-sign-out.js';
import type { signOut as signOutNow } from '../sign-out/sign-out.js';
import type { handleFrontChannelLogout as frontChannel } from '../tabs/front-channel.js';
import { frontChannelChunk, loadSignOutCode, returnPageChunk } from './chunks.js';

export const signOut: typeof signOutNow = (options) =>
  loadSignOutCode().then(
    (code) => code.signOut(options),
    (error: SignOutError) => {
      dispatchSignOutEvent(document, 'sign-out-error', { error });
      throw error;
    },
  );

export const prepareSignOut: typeof prepare = (options) =>
  loadSignOutCode().then((code) => code.prepareSignOut(options));

export const completeSignOut: typeof complete = (options) =>
  loadOnce(returnPageChunk, 'sign-out code').then((chunk) => chunk.completeSignOut(options));

export const handleFrontChannelLogout: typeof frontChannel = (options) =>
  loadOnce(frontChannelChunk, 'sign-out code').then((chunk) => chunk.handleFrontChannelLogout(options));

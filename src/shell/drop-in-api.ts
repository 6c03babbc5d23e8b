// The API functions of the drop-in files: each loads its code on first call, so that a page that
// only shows a button loads none of it. Same signatures and results as the npm entry's; a chunk
// that cannot be fetched rejects with `load-failed` (and `signOut` also fires `sign-out-error`).
import type { SignOutError } from '../core/errors.js';
import type { completeSignOut as complete } from '../sign-out/complete-sign-out.js';
import type { prepareSignOut as prepare } from '../sign-out/prepare-sign-out.js';
import type { signOut as signOutNow } from '../sign-out/sign-out.js';
import type { handleFrontChannelLogout as frontChannel } from '../tabs/front-channel.js';
import { loadSignOutCode } from './chunks.js';
import { signOutWithoutCode } from './sign-out-without-code.js';

export const signOut: typeof signOutNow = (options) =>
  loadSignOutCode().then(
    (code) => code.signOut(options),
    // Signed out of the site all the same, then load-failed.
    (error: SignOutError) => signOutWithoutCode(options, document, error),
  );

export const prepareSignOut: typeof prepare = (options) =>
  loadSignOutCode().then((code) => code.prepareSignOut(options));

export const completeSignOut: typeof complete = (options) =>
  loadSignOutCode().then((code) => code.completeSignOut(options));

export const handleFrontChannelLogout: typeof frontChannel = (options) =>
  loadSignOutCode().then((code) => code.handleFrontChannelLogout(options));

/**
 * Completes the sign-out on a return page whose `tag` (the `<script>` that loaded the drop-in
 * file) carries `data-complete-sign-out`; the code that does it is in the lazily loaded chunk.
 */
export const completeSignOutFor = (tag: Element | null | undefined): void =>
  void (
    tag?.hasAttribute('data-complete-sign-out') &&
    loadSignOutCode().then(
      (code) => code.completeSignOutFromTag(tag),
      (error: SignOutError) => console.error(`<sign-out-button>: ${error.message}`),
    )
  );

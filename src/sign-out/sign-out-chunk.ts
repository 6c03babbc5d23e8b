// The package's lazily loaded code, one chunk (shell/chunks.ts loads it): the sign-out and its
// preparation, the return page, the front-channel page, and what a tab does for a sign-out made
// elsewhere. Nothing of it is part of the element's first load.
export { runSignOut, signOut } from './sign-out.js';
export { prepareSignOut, warmSignOut } from './prepare-sign-out.js';
export { completeSignOut } from './complete-sign-out.js';
export { handleFrontChannelLogout } from '../tabs/front-channel.js';
export { applyMissed, onChannelMessage } from '../tabs/remote-sign-out.js';
export { completeSignOutFromTag } from './complete-from-tag.js';

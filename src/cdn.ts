// dist/cdn/sign-out-button.js: `<script type="module" src>` for pages without a bundler. Defines
// the element and exports the API. Its first load is the element's shell and Lit; the sign-out
// code, then oidc-client-ts, are chunks loaded on first intent (a hover, a focus, a touch) or call.
import './define.js';
import { completeSignOutFor } from './shell/drop-in-api.js';

// A module's tag is not document.currentScript: it is the one whose resolved src is this module.
completeSignOutFor(
  [...document.querySelectorAll<HTMLScriptElement>('script[data-complete-sign-out]')].find(
    (tag) => tag.src === import.meta.url,
  ),
);

export { SignOutButton } from './shell/sign-out-button.js';
export { SignOutError } from './core/errors.js';
export { onRemoteSignOut } from './shell/tab-listener.js';
export { completeSignOut, handleFrontChannelLogout, prepareSignOut, signOut } from './shell/drop-in-api.js';

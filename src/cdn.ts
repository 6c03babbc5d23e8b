// dist/cdn/sign-out-button.js: `<script type="module" src>` for pages without a bundler. Defines
// the element and exports the API. Its first load is the element's shell and Lit; the sign-out
// code, then oidc-client-ts, are chunks loaded on first intent (a hover, a focus, a touch) or call.
import './define.js';

export { SignOutButton } from './sign-out-button.js';
export { SignOutError } from './errors.js';
export { onRemoteSignOut } from './remote-listener.js';
export { completeSignOut, handleFrontChannelLogout, prepareSignOut, signOut } from './cdn-api.js';

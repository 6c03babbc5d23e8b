// dist/cdn/sign-out-button.js: `<script type="module" src>` for pages without a bundler. Defines
// the element and exports the API; oidc-client-ts stays in its own chunk until first needed.
import './define.js';

export {
  SignOutButton,
  SignOutError,
  completeSignOut,
  handleFrontChannelLogout,
  onRemoteSignOut,
  prepareSignOut,
  signOut,
} from './index.js';

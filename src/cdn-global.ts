// dist/cdn/sign-out-button.iife.js: one classic `<script src>` for CMS pages that cannot use
// modules. Defines the element; the build names these exports `window.SignOutButton`.
import './define.js';

export {
  SignOutError,
  completeSignOut,
  handleFrontChannelLogout,
  onRemoteSignOut,
  prepareSignOut,
  signOut,
} from './index.js';

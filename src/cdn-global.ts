// dist/cdn/sign-out-button.iife.js: one classic `<script src>` for CMS pages that cannot use
// modules. Defines the element; the build names these exports `window.SignOutButton`. A classic
// script cannot share one copy of the shell with lazily imported ES chunks, so this file has all
// of the package in it (the lazy imports are inlined).
import './define.js';
import { completeSignOutFor } from './shell/drop-in-api.js';

completeSignOutFor(document.currentScript);

export { SignOutError } from './core/errors.js';
export { onRemoteSignOut } from './shell/tab-listener.js';
export { completeSignOut, handleFrontChannelLogout, prepareSignOut, signOut } from './shell/drop-in-api.js';

export { SignOutButton } from './sign-out-button.js';
export { signOut } from './sign-out.js';
export { completeSignOut } from './complete-sign-out.js';
export { prepareSignOut } from './prepare-sign-out.js';
export { handleFrontChannelLogout } from './front-channel.js';
export { onRemoteSignOut } from './remote-listener.js';
export { SignOutError } from './errors.js';

export type { SignOutErrorCode } from './errors.js';
export type { SignOutOptions, SignOutMode, SignOutFallback, UserStoreName } from './options.js';
export type {
  SignOutResult,
  SignOutStartDetail,
  SignOutErrorDetail,
  RemoteSignOutDetail,
  SignOutEventMap,
} from './events.js';
export type { FrontChannelLogoutOptions, FrontChannelLogoutResult } from './front-channel.js';
export type { Revocation } from './local-sign-out.js';
export type { ProviderSession } from './modes/mode.js';
export type { SignOutMethod } from './form-post.js';
export type { CompletedSignOut, CompleteSignOutOptions } from './complete-sign-out.js';

export { SignOutButton } from './shell/sign-out-button.js';
export { onRemoteSignOut } from './shell/tab-listener.js';
export { signOut } from './sign-out/sign-out.js';
export { completeSignOut } from './sign-out/complete-sign-out.js';
export { prepareSignOut } from './sign-out/prepare-sign-out.js';
export { handleFrontChannelLogout } from './tabs/front-channel.js';
export { SignOutError } from './core/errors.js';

export type { SignOutErrorCode } from './core/errors.js';
export type { SignOutOptions } from './options/option-table.js';
export type {
  ProviderSession,
  Revocation,
  SignOutFallback,
  SignOutMethod,
  SignOutMode,
  UserStoreName,
} from './core/values.js';
export type {
  SignOutResult,
  SignOutStartDetail,
  SignOutErrorDetail,
  RemoteSignOutDetail,
  SignOutEventMap,
} from './core/events.js';
export type { FrontChannelLogoutOptions, FrontChannelLogoutResult } from './tabs/front-channel.js';
export type { CompletedSignOut, CompleteSignOutOptions } from './sign-out/complete-sign-out.js';

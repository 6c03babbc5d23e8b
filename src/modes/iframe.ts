import { childWindowOutcome, type SignOutModeStrategy } from './mode.js';

/** The hosted-site pattern: the end-session request in a hidden iframe, then on to `after-url`. */
export const iframeMode: SignOutModeStrategy = {
  run: (context) => childWindowOutcome(context, context.hiddenFrameSignOut),
};

import { SignOutError } from '../../core/errors.js';
import { childWindowOutcome, unconfirmedOutcome, type SignOutModeStrategy } from './mode.js';

/** The end-session request in the popup opened at the click; a blocked popup goes to the fallback. */
export const popupMode: SignOutModeStrategy = {
  run(context) {
    if (context.popupSignOut) return childWindowOutcome(context, context.popupSignOut);
    if (context.resolved.fallback === 'none') {
      return Promise.reject(new SignOutError('popup-blocked', 'The browser blocked the sign-out popup.'));
    }
    return unconfirmedOutcome(context, 'get', 'could not open its popup (the browser blocked it)', '');
  },
};

import { SignOutError } from '../errors.js';
import { NotConfirmedError } from '../navigators/not-confirmed.js';
import { afterUrl, unconfirmedOutcome, type SignOutModeStrategy } from './mode.js';

/**
 * The end-session request in a popup, `ended` only when the return page inside it reported back.
 * A blocked popup, one the user closed, or one not confirmed in time goes to the fallback.
 */
export const popupMode: SignOutModeStrategy = {
  async run(context) {
    if (!context.popupSignOut) {
      if (context.resolved.fallback === 'none') {
        throw new SignOutError('popup-blocked', 'The browser blocked the sign-out popup.');
      }
      return unconfirmedOutcome(context, 'get');
    }
    let method: 'get' | 'post';
    try {
      method = await context.popupSignOut();
    } catch (error) {
      if (error instanceof NotConfirmedError) return unconfirmedOutcome(context, error.method);
      throw error;
    }
    return { method, providerSession: 'ended', navigateTo: afterUrl(context.resolved) };
  },
};

import { NotConfirmedError } from '../navigators/not-confirmed.js';
import { unconfirmedOutcome, type SignOutModeStrategy } from './mode.js';

/**
 * The hosted-site pattern: the end-session request in a hidden iframe, `ended` only when the
 * return page inside it reported back; then on to `after-url`.
 */
export const iframeMode: SignOutModeStrategy = {
  async run(context) {
    try {
      await context.hiddenFrameSignOut();
    } catch (error) {
      if (error instanceof NotConfirmedError) return unconfirmedOutcome(context, 'get');
      throw error;
    }
    return { method: 'get', providerSession: 'ended', navigateTo: context.resolved.afterUrl };
  },
};

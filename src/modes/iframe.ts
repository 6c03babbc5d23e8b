import { NotConfirmedError } from '../navigators/not-confirmed.js';
import { afterUrl, unconfirmedOutcome, type SignOutModeStrategy } from './mode.js';

/**
 * The hosted-site pattern: the end-session request in a hidden iframe, `ended` only when the
 * return page inside it reported back; then on to `after-url`.
 */
export const iframeMode: SignOutModeStrategy = {
  async run(context) {
    let method: 'get' | 'post';
    try {
      method = await context.hiddenFrameSignOut();
    } catch (error) {
      if (error instanceof NotConfirmedError) return unconfirmedOutcome(context, error.method);
      throw error;
    }
    return { method, providerSession: 'ended', navigateTo: afterUrl(context.resolved) };
  },
};

import { afterUrl, childWindowOutcome, type SignOutModeStrategy } from './mode.js';

/**
 * The hosted-site pattern: the end-session request in a hidden iframe, then on to `after-url`.
 * Without a return page (PRIVO's partner sample) nothing can confirm it: it ends `unconfirmed`
 * once the provider's page settled, with no fallback redirect (it would strand the person there).
 */
export const iframeMode: SignOutModeStrategy = {
  async run(context) {
    if (context.resolved.postLogoutRedirectUri) return childWindowOutcome(context, context.hiddenFrameSignOut);
    const method = await context.settlingFrameSignOut();
    console.info(
      '<sign-out-button>: the iframe sign-out was sent; without post-logout-redirect-uri nothing can confirm it, so it ends "unconfirmed".',
    );
    return { method, providerSession: 'unconfirmed', navigateTo: afterUrl(context.resolved) };
  },
};

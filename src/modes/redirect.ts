import type { SignOutModeStrategy } from './mode.js';

/** Top-level GET to the end-session endpoint; the return page completes it. */
export const redirectMode: SignOutModeStrategy = {
  async run({ endSessionRequest }) {
    const request = await endSessionRequest();
    return { method: 'get', providerSession: 'redirecting', navigateTo: request.url };
  },
};

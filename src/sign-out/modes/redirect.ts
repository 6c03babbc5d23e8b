import type { SignOutModeStrategy } from './mode.js';

/** Top-level GET or form POST to the end-session endpoint; the return page completes it. */
export const redirectMode: SignOutModeStrategy = {
  async run({ endSessionRequest }) {
    const request = await endSessionRequest();
    return { method: request.method, providerSession: 'redirecting', navigateTo: request };
  },
};

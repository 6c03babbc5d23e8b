import { afterUrl, type SignOutModeStrategy } from './mode.js';

/** No provider call: the local sign-out is all, then `after-url`. */
export const localMode: SignOutModeStrategy = {
  run({ resolved }) {
    return Promise.resolve({ method: null, providerSession: 'skipped', navigateTo: afterUrl(resolved) });
  },
};

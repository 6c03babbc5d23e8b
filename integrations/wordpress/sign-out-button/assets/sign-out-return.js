// The [sign_out_return] page: verifies the provider's returned state and goes on to the after-url,
// or says why not. A file, not an inline script, so that a strict script-src 'self' works.
import { completeSignOut } from './cdn/sign-out-button.js';

const status = document.querySelector('[data-sign-out-return]');
const allowedOrigins = (status?.dataset.allowedOrigins ?? '').split(/\s+/).filter(Boolean);

completeSignOut({ allowedOrigins }).then(
  ({ afterUrl }) => {
    if (status && !afterUrl) status.textContent = status.dataset.done ?? 'You are signed out.';
    status?.setAttribute('data-state', 'verified');
  },
  (error) => {
    if (!status) return;
    status.setAttribute('data-state', 'failed');
    status.textContent = `Signing out could not be confirmed (${error.code ?? 'error'}).`;
  },
);

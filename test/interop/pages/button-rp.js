// Shared by the interop pages of <sign-out-button>: the client of this origin, its UserManager
// (the app's, in sessionStorage, the package's default user store) and the channel to the test.
import { UserManager } from 'oidc-client-ts';

export const config = window.__E2E__;
export const clientId = config.clients?.[window.location.origin] ?? config.clientId;
export const buttonPages = `${window.location.origin}/test/interop/pages`;

export function record(entry) {
  return window.__record?.({ page: window.location.pathname, origin: window.location.origin, ...entry });
}

export function userManager() {
  return new UserManager({
    authority: config.issuer,
    client_id: clientId,
    redirect_uri: `${buttonPages}/button-callback.html`,
    scope: 'openid profile email',
    automaticSilentRenew: false,
    monitorSession: false,
  });
}

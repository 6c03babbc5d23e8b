import { UserManager } from 'oidc-client-ts';

/** The embedded provider; the dev server writes its issuer into `<html data-issuer>`. */
export const issuer = document.documentElement.dataset.issuer ?? 'http://127.0.0.1:4000';
export const clientId = 'demo-spa';

export function demoUserManager(): UserManager {
  return new UserManager({
    authority: issuer,
    client_id: clientId,
    redirect_uri: `${window.location.origin}/demo/callback.html`,
    post_logout_redirect_uri: `${window.location.origin}/demo/signed-out.html`,
    scope: 'openid profile email',
    automaticSilentRenew: false,
  });
}

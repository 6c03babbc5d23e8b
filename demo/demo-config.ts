import { UserManager } from 'oidc-client-ts';

/** The embedded provider; the dev server writes its issuer into `<html data-issuer>`. */
export const issuer = document.documentElement.dataset.issuer ?? 'http://127.0.0.1:4000';

/** The demo's two apps at the provider: the SPA and the CMS pages, each its own client. */
export const APPS = {
  spa: { clientId: 'demo-spa', base: '/demo' },
  cms: { clientId: 'demo-cms', base: '/demo/cms' },
} as const;
export type DemoApp = keyof typeof APPS;

export function demoUserManager(app: DemoApp = 'spa'): UserManager {
  const { clientId, base } = APPS[app];
  return new UserManager({
    authority: issuer,
    client_id: clientId,
    redirect_uri: `${window.location.origin}${base}/callback.html`,
    post_logout_redirect_uri: `${window.location.origin}${base}/signed-out.html`,
    scope: 'openid profile email',
    automaticSilentRenew: false,
  });
}

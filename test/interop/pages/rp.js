// The interop RP: oidc-client-ts as an app uses it, against the provider the test names in
// window.__E2E__ ({ issuer, clientId }). Sign-in sends a nonce: Glewlwyd refuses a code flow
// with scope openid and no nonce ("invalid_request: nonce required").
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

const config = window.__E2E__;
export const pages = `${window.location.origin}/test/interop/pages`;

export function userManager() {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${pages}/callback.html`,
    post_logout_redirect_uri: `${pages}/signed-out.html`,
    scope: 'openid profile email',
    automaticSilentRenew: false,
    monitorSession: false,
    userStore: new WebStorageStateStore({ store: window.localStorage }),
  });
}

/** The end-session URL of an RP-initiated logout by GET, as the package builds it. */
export async function endSessionUrl(manager, state) {
  const user = await manager.getUser();
  const metadata = await manager.metadataService.getMetadata();
  const url = new URL(metadata.end_session_endpoint);
  url.searchParams.set('id_token_hint', user.id_token);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${pages}/signed-out.html`);
  url.searchParams.set('state', state);
  return url.href;
}

import type { INavigator, NavigateParams, SignoutRedirectArgs } from 'oidc-client-ts';
import { loadOidcClientTs, type EndSessionMetadata } from './oidc-client.js';
import type { ResolvedSignOut } from './options.js';
import { recordPendingSignOut } from './pending-sign-out.js';
import { webStorage } from './storage.js';

/** An end-session request, built and with its state stored, not yet sent. */
export interface EndSessionRequest {
  url: string;
  stateId: string | null;
}

/** What travels in oidc-client-ts's state and comes back verified to `completeSignOut()`. */
export interface SignOutStateData {
  app: unknown;
  afterUrl: string | null;
}

/**
 * A navigator that sends nothing: it hands back the URL oidc-client-ts built, so that the mode
 * decides how to send it (and the app hears `sign-out-complete` before the page unloads).
 */
class CapturingNavigator implements INavigator {
  captured: NavigateParams | null = null;

  prepare() {
    return Promise.resolve({
      navigate: (params: NavigateParams) => {
        this.captured = params;
        return Promise.resolve({ url: params.url });
      },
      close: () => undefined,
    });
  }

  callback() {
    return Promise.resolve();
  }
}

/**
 * Builds the end-session request through oidc-client-ts `signoutRedirect`, which stores its
 * `state` in localStorage. Call it only after storage was cleared, or the clearing erases it.
 */
export async function createEndSessionRequest(
  resolved: ResolvedSignOut,
  metadata: EndSessionMetadata,
  idToken: string | null,
): Promise<EndSessionRequest> {
  const { UserManager, WebStorageStateStore, InMemoryWebStorage } = await loadOidcClientTs();
  const stateStorage = webStorage('local');
  // Without a storage to keep it in, a state could never be verified: send none.
  const sendsState = resolved.postLogoutRedirectUri !== null && stateStorage !== null;
  const navigator = new CapturingNavigator();
  const requester = new UserManager(
    {
      authority: resolved.authority ?? metadata.end_session_endpoint,
      client_id: resolved.clientId ?? '',
      redirect_uri: window.location.href,
      metadata,
      response_mode: 'query',
      automaticSilentRenew: false,
      stateStore: new WebStorageStateStore({ store: stateStorage ?? new InMemoryWebStorage() }),
      // The user was removed by the local sign-out already; this manager holds none.
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    },
    navigator,
  );
  const state: SignOutStateData = { app: resolved.state, afterUrl: resolved.afterUrl };
  const args: SignoutRedirectArgs & { client_id?: string } = {
    id_token_hint: idToken ?? undefined,
    post_logout_redirect_uri: resolved.postLogoutRedirectUri ?? undefined,
    state: sendsState ? state : undefined,
    extraQueryParams: resolved.extraQueryParams,
    // Passed explicitly so oidc-client-ts adds client_id exactly once, with or without a hint.
    client_id: resolved.clientId ?? undefined,
  };
  await requester.signoutRedirect(args);
  const request = navigator.captured;
  if (!request) throw new Error('oidc-client-ts built no end-session request');
  const stateId = request.state ?? null;
  if (stateId) {
    recordPendingSignOut({
      stateId,
      authority: resolved.authority ?? metadata.end_session_endpoint,
      clientId: resolved.clientId ?? '',
    });
  }
  return { url: request.url, stateId };
}

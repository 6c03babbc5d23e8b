// The end-session request of RP-Initiated Logout, built by oidc-client-ts once the local sign-out
// is done: its parameters, the `state` it stores, and the top-level GET or form POST it becomes.
import type { INavigator, SignoutRedirectArgs } from 'oidc-client-ts';
import { chooseMethod } from '../core/request-method.js';
import type { ResolvedSignOut } from '../options/resolve-options.js';
import type { TopLevelNavigation } from '../platform/navigation.js';
import { webStorage } from '../platform/web-storage.js';
import type { EndSessionMetadata } from './provider-metadata.js';
import { loadOidcClientTs } from './oidc-client-ts.js';
import { recordPendingSignOut } from './pending-sign-out.js';
import { endSessionStateStore } from './state-store.js';
import { CapturingNavigator } from './windows/capturing.js';

/** What travels in oidc-client-ts's state and comes back verified to `completeSignOut()`. */
export interface SignOutStateData {
  app: unknown;
  afterUrl: string | null;
}

/** Everything an end-session request is made of, once the local sign-out is done. */
export interface EndSessionInput {
  resolved: ResolvedSignOut;
  metadata: EndSessionMetadata;
  idToken: string | null;
}

export interface Navigators {
  redirect?: INavigator;
  popup?: INavigator;
  iframe?: INavigator;
}

/**
 * A `UserManager` that only builds and sends end-session requests: it holds no user (the local
 * sign-out removed it) and keeps `state` where `completeSignOut()` looks for it (or, for a
 * rehearsal, nowhere).
 */
export async function requester({ resolved, metadata }: EndSessionInput, navigators: Navigators, rehearsal = false) {
  const { UserManager, WebStorageStateStore, InMemoryWebStorage } = await loadOidcClientTs();
  const stateStore = rehearsal
    ? new WebStorageStateStore({ store: new InMemoryWebStorage() })
    : await endSessionStateStore();
  return new UserManager(
    {
      authority: resolved.authority ?? metadata.end_session_endpoint,
      client_id: resolved.clientId ?? '',
      redirect_uri: window.location.href,
      metadata,
      response_mode: 'query',
      automaticSilentRenew: false,
      stateStore,
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    },
    navigators.redirect,
    navigators.popup,
    navigators.iframe,
  );
}

/** The request's parameters; oidc-client-ts stores `state` when it builds the request. */
export function signOutArgs({ resolved, idToken }: EndSessionInput): SignoutRedirectArgs & { client_id?: string } {
  // A state is only sent where it can be verified: a return page on this origin, and a storage.
  const sendsState = resolved.returnsToThisOrigin && webStorage('local') !== null;
  const state: SignOutStateData = {
    app: resolved.state,
    afterUrl: resolved.afterUrl,
  };
  return {
    id_token_hint: idToken ?? undefined,
    post_logout_redirect_uri: resolved.postLogoutRedirectUri ?? undefined,
    state: sendsState ? state : undefined,
    extraQueryParams: resolved.extraQueryParams,
    // Passed explicitly so oidc-client-ts adds client_id exactly once, with or without a hint.
    client_id: resolved.clientId ?? undefined,
  };
}

/**
 * Builds the top-level end-session request through oidc-client-ts `signoutRedirect`, which
 * stores its `state` in localStorage, and says how to send it (GET, or a form POST derived from
 * the same request). Call it only after storage was cleared, or the clearing erases it.
 */
export async function createEndSessionRequest(input: EndSessionInput): Promise<TopLevelNavigation> {
  const navigator = new CapturingNavigator();
  await (await requester(input, { redirect: navigator })).signoutRedirect(signOutArgs(input));
  const request = navigator.captured;
  if (!request) throw new Error('oidc-client-ts built no end-session request');
  const stateId = request.state ?? null;
  if (stateId) {
    recordPendingSignOut({
      stateId,
      authority: input.resolved.authority ?? input.metadata.end_session_endpoint,
      clientId: input.resolved.clientId ?? '',
      returnUri: input.resolved.postLogoutRedirectUri ?? '',
    });
  }
  const method = chooseMethod(input.resolved.method, request.url);
  return method === 'post'
    ? { method, url: request.url, endpoint: input.metadata.end_session_endpoint }
    : { method, url: request.url };
}

/**
 * Builds this sign-out's end-session request once, ahead of the click, and sends and stores
 * nothing: the click then runs code that is already compiled (oidc-client-ts's and the package's),
 * rather than compiling it while the person waits.
 */
export async function rehearseEndSessionRequest(input: EndSessionInput): Promise<void> {
  const navigator = new CapturingNavigator();
  await (await requester(input, { redirect: navigator }, true)).signoutRedirect(signOutArgs(input));
  chooseMethod(input.resolved.method, navigator.captured?.url ?? '');
}

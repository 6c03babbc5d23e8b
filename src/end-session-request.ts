import type { INavigator, SignoutRedirectArgs } from 'oidc-client-ts';
import { chooseMethod } from './form-post.js';
import type { TopLevelNavigation } from './navigation.js';
import { CapturingNavigator } from './navigators/capturing.js';
import { PreparedNavigator, type ChildWindow, type ChildWindowOptions } from './navigators/child-window.js';
import { HiddenFrame, sendInSettlingFrame } from './navigators/hidden-frame.js';
import { SignOutPopup } from './navigators/popup.js';
import { endSessionStateStore, loadOidcClientTs, type EndSessionMetadata } from './oidc-client.js';
import type { ResolvedSignOut } from './options.js';
import { recordPendingSignOut } from './pending-sign-out.js';
import { webStorage } from './storage.js';

/** What travels in oidc-client-ts's state and comes back verified to `completeSignOut()`. */
export interface SignOutStateData {
  app: unknown;
  afterUrl: string | null;
  /** The `allowed-origins` of the sign-out, so the return page checks `afterUrl` by the same policy. */
  allowedOrigins: string[];
}

/** Everything an end-session request is made of, once the local sign-out is done. */
export interface EndSessionInput {
  resolved: ResolvedSignOut;
  metadata: EndSessionMetadata;
  idToken: string | null;
}

interface Navigators {
  redirect?: INavigator;
  popup?: INavigator;
  iframe?: INavigator;
}

/**
 * A `UserManager` that only builds and sends end-session requests: it holds no user (the local
 * sign-out removed it) and keeps `state` where `completeSignOut()` looks for it.
 */
async function requester({ resolved, metadata }: EndSessionInput, navigators: Navigators) {
  const { UserManager, WebStorageStateStore, InMemoryWebStorage } = await loadOidcClientTs();
  const stateStore = await endSessionStateStore();
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
function signOutArgs({ resolved, idToken }: EndSessionInput): SignoutRedirectArgs & { client_id?: string } {
  // A state is only sent where it can be verified: a return page on this origin, and a storage.
  const sendsState = resolved.returnsToThisOrigin && webStorage('local') !== null;
  const state: SignOutStateData = {
    app: resolved.state,
    afterUrl: resolved.afterUrl,
    allowedOrigins: resolved.allowedOrigins,
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

function childWindowOptions({ resolved, metadata }: EndSessionInput): ChildWindowOptions {
  return {
    timeoutMs: resolved.timeout,
    returnOrigin: window.location.origin,
    method: resolved.method,
    endpoint: metadata.end_session_endpoint,
  };
}

/**
 * Signs out with `child` as the window oidc-client-ts navigates (`sign` builds the requester
 * too); resolves with the method used once confirmed. The window goes away whatever happens,
 * even when oidc-client-ts could not be loaded.
 */
async function signOutIn(child: ChildWindow, sign: (navigator: INavigator) => Promise<void>): Promise<'get' | 'post'> {
  try {
    await sign(new PreparedNavigator(child));
  } finally {
    child.close();
  }
  return child.method;
}

/**
 * Signs out in a hidden iframe through oidc-client-ts `signoutSilent`; resolves once the return
 * page inside the frame reported back and the state was verified here. Rejects with
 * `NotConfirmedError` when that did not happen within `timeout`.
 */
export function signOutInHiddenFrame(input: EndSessionInput): Promise<'get' | 'post'> {
  return signOutIn(new HiddenFrame(childWindowOptions(input)), async (iframe) =>
    (await requester(input, { iframe })).signoutSilent(signOutArgs(input)),
  );
}

/** Signs out in the popup opened at the click, through oidc-client-ts `signoutPopup`. */
export function signOutInPopup(
  input: EndSessionInput,
  opened: { window: Window; name: string },
): Promise<'get' | 'post'> {
  return signOutIn(new SignOutPopup(opened, childWindowOptions(input)), async (popup) =>
    (await requester(input, { popup })).signoutPopup(signOutArgs(input)),
  );
}

/**
 * Signs out in a hidden iframe that no return page can confirm (no `post-logout-redirect-uri`,
 * so no state either): the request is built as for a redirect, then sent into the frame, which
 * is removed once the provider's page settled. Resolves with the method used.
 */
export async function signOutInSettlingFrame(input: EndSessionInput): Promise<'get' | 'post'> {
  const request = await createEndSessionRequest(input);
  await sendInSettlingFrame(request, input.resolved.timeout);
  return request.method;
}

// The end-session request in a window of its own (a hidden iframe or the popup), confirmed only
// when the return page inside it reports back.
import type { INavigator } from 'oidc-client-ts';
import { createEndSessionRequest, requester, signOutArgs, type EndSessionInput } from './end-session-request.js';
import { PreparedNavigator, type ChildWindow, type ChildWindowOptions } from './windows/child-window.js';
import { endSessionStateStore } from './state-store.js';
import { HiddenFrame, sendInSettlingFrame } from './windows/hidden-frame.js';
import { NotConfirmedError } from './windows/not-confirmed.js';
import { SignOutPopup } from './windows/popup.js';

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
export async function signOutInHiddenFrame(input: EndSessionInput): Promise<'get' | 'post'> {
  const frame = new HiddenFrame(childWindowOptions(input));
  try {
    return await signOutIn(frame, async (iframe) =>
      (await requester(input, { iframe })).signoutSilent(signOutArgs(input)),
    );
  } catch (error) {
    // The frame is gone, so no return can come for its state: the record is not left behind.
    // (A popup's stays: the person may still finish there.)
    if (error instanceof NotConfirmedError && frame.state) await (await endSessionStateStore()).remove(frame.state);
    throw error;
  }
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

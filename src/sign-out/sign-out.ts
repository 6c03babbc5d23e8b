import { warnAboutMarkup } from '../options/markup-warnings.js';
import { SignOutError, toSignOutError } from '../core/errors.js';
import { dispatchSignOutEvent, reportSignOutError, type SignOutResult } from '../core/events.js';
import type { SignOutMode } from '../core/values.js';
import type { SignOutOptions } from '../options/option-table.js';
import { resolveOptions, type ResolvedSignOut } from '../options/resolve-options.js';
import { checkNavigation, go } from '../platform/navigation.js';
import { openSignOutPopup, type OpenedPopup } from '../platform/open-popup.js';
import { createEndSessionRequest, type EndSessionInput } from '../provider/end-session-request.js';
import { discoverEndSession, providerMetadata } from '../provider/provider-metadata.js';
import { checkTokenDestination } from '../provider/token-destination.js';
import { signOutInHiddenFrame, signOutInPopup, signOutInSettlingFrame } from '../provider/window-sign-out.js';
import { broadcastSignOut } from '../tabs/channel.js';
import { sessionClearingOf } from '../tabs/session-clearing.js';
import { signOutLocally } from './local-sign-out.js';
import { iframeMode } from './modes/iframe.js';
import { localMode } from './modes/local.js';
import type { SignOutModeStrategy } from './modes/mode.js';
import { popupMode } from './modes/popup.js';
import { redirectMode } from './modes/redirect.js';

const MODES: Record<SignOutMode, SignOutModeStrategy> = {
  redirect: redirectMode,
  iframe: iframeMode,
  popup: popupMode,
  local: localMode,
};

/**
 * Signs the user out of the site and of the provider. The `sign-out-*` events are dispatched
 * on `document`; the promise resolves with the result or rejects with a `SignOutError`.
 */
export function signOut(options: SignOutOptions): Promise<SignOutResult> {
  return runSignOut(options, document);
}

/**
 * The order of a sign-out (start, local sign-out, provider, other tabs, complete), with events
 * dispatched on `target`. Each call that passes
 * `sign-out-start` ends in exactly one `sign-out-complete` or `sign-out-error`. `opened` is a
 * popup the caller already opened at the click (`null`: it was blocked).
 */
export async function runSignOut(
  options: SignOutOptions,
  target: EventTarget,
  onStarted: () => void = () => undefined,
  opened?: OpenedPopup | null,
): Promise<SignOutResult> {
  const fail = (error: unknown, code: SignOutError['code'], message: string): SignOutError => {
    const signOutError = toSignOutError(error, code, message);
    reportSignOutError(target, signOutError);
    return signOutError;
  };
  // A popup the element opened at a click that came before this code was loaded: closed unless used.
  const closeOpened = () => {
    if (opened && !opened.window.closed) opened.window.close();
  };

  warnAboutMarkup(target, options);
  let resolved: ResolvedSignOut;
  try {
    resolved = resolveOptions(options);
    throwIfAborted(resolved.signal);
  } catch (error) {
    closeOpened();
    throw fail(error, 'invalid-config', 'The sign-out options could not be read');
  }
  if (!dispatchSignOutEvent(target, 'sign-out-start', { mode: resolved.mode }, true)) {
    closeOpened();
    throw new SignOutError('aborted', 'sign-out-start was cancelled: nothing was changed.');
  }
  onStarted();

  // A popup must open while the click's user activation is fresh, before anything is awaited.
  if (resolved.mode !== 'popup') closeOpened();
  const popup = resolved.mode === 'popup' ? (opened === undefined ? openSignOutPopup() : opened) : null;
  // Step 4, once the local sign-out is done, whatever the provider step comes to.
  let tellTabs = () => undefined as void;
  try {
    // Discovery runs beside the local sign-out; its failure is reported after that completes.
    const discovery = resolved.mode === 'local' ? null : discoverEndSession(resolved);
    discovery?.catch(() => undefined);
    const { idToken, revocation } = await signOutLocally(resolved, () => providerMetadata(resolved));
    tellTabs = () => {
      if (!resolved.noBroadcast) {
        broadcastSignOut({
          authority: resolved.authority,
          clientId: resolved.clientId,
          clearing: sessionClearingOf(resolved),
        });
      }
      tellTabs = () => undefined;
    };
    throwIfAborted(resolved.signal);
    let endSessionInput: Promise<EndSessionInput> | undefined;
    const input = (): Promise<EndSessionInput> =>
      (endSessionInput ??= (async () => {
        const metadata = await (discovery ?? discoverEndSession(resolved));
        await checkTokenDestination(resolved, idToken, metadata.end_session_endpoint);
        return { resolved, metadata, idToken };
      })());
    const outcome = await MODES[resolved.mode].run({
      resolved,
      endSessionRequest: async () => createEndSessionRequest(await input()),
      hiddenFrameSignOut: async () => signOutInHiddenFrame(await input()),
      settlingFrameSignOut: async () => signOutInSettlingFrame(await input()),
      popupSignOut: popup && (async () => signOutInPopup(await input(), popup)),
    });
    const result: SignOutResult = {
      mode: resolved.mode,
      method: outcome.method,
      providerSession: outcome.providerSession,
      afterUrl: resolved.afterUrl,
      revocation,
    };
    // Checked before sign-out-complete, so that a refused URL is this sign-out's one terminal event.
    if (outcome.navigateTo) checkNavigation(outcome.navigateTo);
    tellTabs();
    dispatchSignOutEvent(target, 'sign-out-complete', result);
    if (outcome.navigateTo) go(outcome.navigateTo);
    return result;
  } catch (error) {
    if (popup && !popup.window.closed) popup.window.close();
    tellTabs();
    // Each step throws its own code (load-failed, discovery, storage, unsafe-url, …); what is
    // left is oidc-client-ts refusing the request as configured, or the provider answering an error.
    throw fail(error, 'invalid-config', 'The end-session request could not be made');
  }
}

function throwIfAborted(signal: AbortSignal | null): void {
  if (signal?.aborted) {
    throw new SignOutError('aborted', 'The sign-out was aborted through its AbortSignal.', { cause: signal.reason });
  }
}

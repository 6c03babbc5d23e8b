import { SignOutError } from '../core/errors.js';
import { checkSafeUrl } from '../core/url-policy.js';
import { originsOf } from '../options/resolve-options.js';
import { navigation } from '../platform/navigation.js';
import { webStorage } from '../platform/web-storage.js';
import type { SignOutStateData } from '../provider/end-session-request.js';
import { loadOidcClientTs } from '../provider/oidc-client-ts.js';
import { takePendingReturnsTo, takePendingSignOut } from '../provider/pending-sign-out.js';
import { endSessionStateStore } from '../provider/state-store.js';

/** What the return page learns: the app's `state` and where to go next. */
export interface CompletedSignOut {
  /** The value given to `signOut({ state })`, verified. */
  state: unknown;
  afterUrl: string | null;
}

export interface CompleteSignOutOptions {
  /** Go to the recorded `after-url`, if any. Default `true`. */
  navigate?: boolean;
  /**
   * Origins besides this page's own that the recorded `after-url` may point to (an array, or
   * space-separated). The record is storage, which any script of the origin can write: only what
   * the return page itself says is trusted.
   */
  allowedOrigins?: string | readonly string[];
}

/** oidc-client-ts's request types of the end-session requests the package sends. */
const TOP_LEVEL = 'so:r';
const IN_FRAME = 'so:s';
const IN_POPUP = 'so:p';

/**
 * Runs on the `post_logout_redirect_uri` page: verifies the returned `state` against the one
 * stored when the request was sent, then goes on to `after-url`. Inside the hidden iframe or the
 * popup it reports to the page that opened it instead.
 * Rejects with `state-mismatch` (unknown, altered or replayed), `state-missing`, or `unsafe-url`
 * (a recorded `after-url` that the sign-out's policy does not allow: storage is not trusted).
 */
export async function completeSignOut(options: CompleteSignOutOptions = {}): Promise<CompletedSignOut> {
  const { navigate = true } = options;
  const allowedOrigins = originsOf(options.allowedOrigins);
  const url = window.location.href;
  const returnedState = new URL(url).searchParams.get('state');

  if (!returnedState) return returnWithoutState(url);

  if (!webStorage('local')) {
    throw new SignOutError('state-mismatch', 'The returned state cannot be checked: storage is blocked on this page.');
  }
  const pending = takePendingSignOut(returnedState);
  const { OidcClient, UserManager } = await loadOidcClientTs();
  const stateStore = await endSessionStateStore();
  const settings = {
    authority: pending?.authority || window.location.origin,
    client_id: pending?.clientId ?? '',
    redirect_uri: url,
    response_mode: 'query' as const,
    stateStore,
  };
  const client = new OidcClient(settings);
  const mismatch = (cause?: unknown) =>
    new SignOutError(
      'state-mismatch',
      'The returned state is unknown, altered or already used: this return was not started by this site.',
      { cause },
    );

  let state: Awaited<ReturnType<typeof client.readSignoutResponseState>>['state'];
  try {
    ({ state } = await client.readSignoutResponseState(url, false));
  } catch (error) {
    throw mismatch(error);
  }
  if (!state) throw mismatch();
  const data = readStateData(state.data);
  if (!data) {
    await stateStore.remove(returnedState);
    throw mismatch();
  }

  if (state.request_type === IN_FRAME || state.request_type === IN_POPUP) {
    // Inside the hidden iframe or the popup: report to the page that opened it, through
    // oidc-client-ts's callback; that page verifies the state and navigates.
    if (state.request_type === IN_FRAME && window.parent === window) throw mismatch();
    await new UserManager(settings).signoutCallback(url);
    return { state: data.app, afterUrl: data.afterUrl };
  }
  // Removing the state now that it was found makes a second use of the same URL a replay.
  await stateStore.remove(returnedState);
  // Only the request types the package writes are accepted: a planted record is not a return.
  if (state.request_type !== TOP_LEVEL) throw mismatch();
  // The record came from storage, which a script elsewhere on the origin could have written.
  const afterUrl =
    data.afterUrl === null ? null : checkSafeUrl(data.afterUrl, allowedOrigins, 'The recorded after-url');
  // replace(): the back button should not land on a return page whose state is spent.
  if (navigate && afterUrl) navigation.replace(afterUrl);
  return { state: data.app, afterUrl };
}

/** The package's state data, or `null` when the record has another shape than the package writes. */
function readStateData(value: unknown): SignOutStateData | null {
  if (typeof value !== 'object' || value === null) return null;
  const { app, afterUrl = null } = value as Partial<SignOutStateData>;
  if (afterUrl !== null && typeof afterUrl !== 'string') return null;
  return { app, afterUrl };
}

/**
 * A visit without `state`. Inside a frame the package may have opened, the page that opened it
 * hears of it (and fails the sign-out with `state-missing` if it sent one). At top level it is
 * `state-missing` only when this tab sent a sign-out with a state to this very page: a stray
 * link or a bookmark, or another tab's sign-out, is no such return.
 */
function returnWithoutState(url: string): CompletedSignOut {
  if (window.parent !== window) {
    window.parent.postMessage({ source: 'oidc-client', url, keepOpen: false }, window.location.origin);
    return { state: undefined, afterUrl: null };
  }
  if (takePendingReturnsTo(url).length) {
    throw new SignOutError('state-missing', 'A sign-out sent a state, but the provider returned none.');
  }
  return { state: undefined, afterUrl: null };
}

import type { SignOutStateData } from './end-session-request.js';
import { SignOutError } from './errors.js';
import { navigation } from './navigation.js';
import { loadOidcClientTs } from './oidc-client.js';
import { takePendingSignOuts } from './pending-sign-out.js';
import { webStorage } from './storage.js';

/** What the return page learns: the app's `state` and where to go next. */
export interface CompletedSignOut {
  /** The value given to `signOut({ state })`, verified. */
  state: unknown;
  afterUrl: string | null;
}

export interface CompleteSignOutOptions {
  /** Go to the recorded `after-url`, if any. Default `true`. */
  navigate?: boolean;
}

/**
 * Runs on the `post_logout_redirect_uri` page: verifies the returned `state` against the one
 * stored when the request was sent, then goes on to `after-url`. Inside the hidden iframe or the
 * popup it reports to the page that opened it instead.
 * Rejects with `state-mismatch` (unknown, altered or replayed) or `state-missing`.
 */
export async function completeSignOut(options: CompleteSignOutOptions = {}): Promise<CompletedSignOut> {
  const { navigate = true } = options;
  const url = window.location.href;
  const returnedState = new URL(url).searchParams.get('state');

  if (!returnedState) {
    // oidc-client-ts accepts a return without state; a state that went out and did not come back is an attack or a broken provider.
    if (takePendingSignOuts(null).length) {
      throw new SignOutError('state-missing', 'A sign-out sent a state, but the provider returned none.');
    }
    return { state: undefined, afterUrl: null };
  }

  const stateStorage = webStorage('local');
  if (!stateStorage) {
    throw new SignOutError('state-mismatch', 'The returned state cannot be checked: storage is blocked on this page.');
  }
  const [pending] = takePendingSignOuts(returnedState);
  const { OidcClient, UserManager, WebStorageStateStore } = await loadOidcClientTs();
  const stateStore = new WebStorageStateStore({ store: stateStorage });
  const settings = {
    authority: pending?.authority ?? window.location.origin,
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
  const data = (state?.data ?? {}) as Partial<SignOutStateData>;
  const completed: CompletedSignOut = { state: data.app, afterUrl: data.afterUrl ?? null };

  if (state?.request_type === 'so:s' || state?.request_type === 'so:p') {
    // Inside the hidden iframe or the popup: report to the page that opened it, through
    // oidc-client-ts's callback; that page verifies the state and navigates.
    if (state.request_type === 'so:s' && window.parent === window) throw mismatch();
    await new UserManager(settings).signoutCallback(url);
    return completed;
  }

  // Removing the state now that it was found makes a second use of the same URL a replay.
  await stateStore.remove(returnedState);
  // replace(): the back button should not land on a return page whose state is spent.
  if (navigate && completed.afterUrl) navigation.replace(completed.afterUrl);
  return completed;
}

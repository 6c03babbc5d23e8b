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
 * stored when the request was sent, then goes on to `after-url`.
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

  const [pending] = takePendingSignOuts(returnedState);
  const stateStorage = webStorage('local');
  if (!stateStorage) {
    throw new SignOutError('state-mismatch', 'The returned state cannot be checked: storage is blocked on this page.');
  }
  const { OidcClient, WebStorageStateStore } = await loadOidcClientTs();
  const client = new OidcClient({
    authority: pending?.authority ?? window.location.origin,
    client_id: pending?.clientId ?? '',
    redirect_uri: url,
    response_mode: 'query',
    stateStore: new WebStorageStateStore({ store: stateStorage }),
  });
  let data: Partial<SignOutStateData>;
  try {
    // Removing the state as it is read makes a second use of the same URL a replay.
    const { state } = await client.readSignoutResponseState(url, true);
    data = (state?.data ?? {}) as Partial<SignOutStateData>;
  } catch (error) {
    throw new SignOutError(
      'state-mismatch',
      'The returned state is unknown, altered or already used: this return was not started by this site.',
      { cause: error },
    );
  }

  const completed: CompletedSignOut = { state: data.app, afterUrl: data.afterUrl ?? null };
  // replace(): the back button should not land on a return page whose state is spent.
  if (navigate && completed.afterUrl) navigation.replace(completed.afterUrl);
  return completed;
}

import type { ProviderSession } from '../../core/values.js';
import type { ResolvedSignOut } from '../../options/resolve-options.js';
import type { TopLevelNavigation } from '../../platform/navigation.js';
import { NotConfirmedError } from '../../provider/windows/not-confirmed.js';

/** What a mode did with the provider, and where the page goes next. */
export interface ProviderOutcome {
  method: 'get' | 'post' | null;
  providerSession: ProviderSession;
  /** A top-level navigation to make once `sign-out-complete` has been heard. */
  navigateTo: TopLevelNavigation | null;
}

/** What a mode gets: the checked options, and the requests, built on demand after clearing. */
export interface ModeContext {
  resolved: ResolvedSignOut;
  /** Builds the top-level request (its state recorded for the return page). */
  endSessionRequest(): Promise<TopLevelNavigation>;
  /** Signs out in a hidden iframe; rejects with `NotConfirmedError` when not confirmed in time. */
  hiddenFrameSignOut(): Promise<'get' | 'post'>;
  /** Signs out in a hidden iframe with no return page: resolves once the provider's page settled. */
  settlingFrameSignOut(): Promise<'get' | 'post'>;
  /** Signs out in the popup opened at the click (`null`: it was blocked). */
  popupSignOut: (() => Promise<'get' | 'post'>) | null;
}

/** One way of reaching the provider (step 3 of a sign-out). */
export interface SignOutModeStrategy {
  run(context: ModeContext): Promise<ProviderOutcome>;
}

/**
 * When the provider's return was not seen: with `fallback="redirect"` the same sign-out as a
 * top-level redirect (the ID token is still known in memory), else an honest `unconfirmed`.
 */
export async function unconfirmedOutcome(
  context: ModeContext,
  method: 'get' | 'post',
  why = `was not confirmed within ${context.resolved.timeout} ms: the provider did not return to post-logout-redirect-uri in the ${context.resolved.mode === 'popup' ? 'popup' : 'frame'}`,
  hint = ' Usual causes: a post-logout-redirect-uri or client the provider does not have registered, a provider that asks for confirmation or refuses to be framed, or a page cross-site to the provider (see docs/troubleshooting.md).',
): Promise<ProviderOutcome> {
  const { resolved } = context;
  // A page author who listens to no event still learns what happened, and what usually causes it.
  console.warn(
    `<sign-out-button>: the ${resolved.mode} sign-out ${why}. ${
      resolved.fallback === 'none'
        ? 'It ends "unconfirmed" (fallback="none"): the provider session may still be there.'
        : 'Going on with a top-level redirect to the provider (fallback="redirect").'
    }${hint}`,
  );
  if (resolved.fallback === 'none') {
    return { method, providerSession: 'unconfirmed', navigateTo: afterUrl(resolved) };
  }
  const request = await context.endSessionRequest();
  return { method: request.method, providerSession: 'redirecting', navigateTo: request };
}

/** The navigation to `after-url`, if there is one. */
export function afterUrl(resolved: ResolvedSignOut): TopLevelNavigation | null {
  return resolved.afterUrl ? { method: 'get', url: resolved.afterUrl } : null;
}

/**
 * A sign-out in a child window (hidden iframe or popup): `ended` once the return page inside it
 * reported back, then on to `after-url`; otherwise the fallback decides.
 */
export async function childWindowOutcome(
  context: ModeContext,
  signOutInWindow: () => Promise<'get' | 'post'>,
): Promise<ProviderOutcome> {
  let method: 'get' | 'post';
  try {
    method = await signOutInWindow();
  } catch (error) {
    if (error instanceof NotConfirmedError) return unconfirmedOutcome(context, error.method);
    throw error;
  }
  return { method, providerSession: 'ended', navigateTo: afterUrl(context.resolved) };
}

import type { EndSessionRequest } from '../end-session-request.js';
import type { ResolvedSignOut } from '../options.js';

/** How far the provider's session got. */
export type ProviderSession = 'ended' | 'unconfirmed' | 'redirecting' | 'skipped';

/** What a mode did with the provider, and where the page goes next. */
export interface ProviderOutcome {
  method: 'get' | 'post' | null;
  providerSession: ProviderSession;
  /** A top-level navigation to make once `sign-out-complete` has been heard. */
  navigateTo: string | null;
}

/** What a mode gets: the checked options, and the request, built on demand after clearing. */
export interface ModeContext {
  resolved: ResolvedSignOut;
  endSessionRequest(): Promise<EndSessionRequest>;
}

/** One way of reaching the provider (step 3 of a sign-out). */
export interface SignOutModeStrategy {
  run(context: ModeContext): Promise<ProviderOutcome>;
}

import type { ResolvedSignOut } from '../options/resolve-options.js';

/** What each tab clears of its own `sessionStorage` for a sign-out made elsewhere. */
export interface SessionClearing {
  session: boolean;
  keep: string[];
}

/** The `sessionStorage` part of a sign-out's clearing, as other tabs are to repeat it. */
export function sessionClearingOf(resolved: Pick<ResolvedSignOut, 'clearStorage' | 'keepPatterns'>): SessionClearing {
  return { session: resolved.clearStorage.includes('session'), keep: resolved.keepPatterns };
}

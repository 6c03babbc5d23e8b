import type { ResolvedSignOut } from '../options/resolve-options.js';

/** What each tab clears of its own `sessionStorage` for a sign-out made elsewhere. */
export interface SessionClearing {
  session: boolean;
  keep: string[];
}

/** At most this many `keep-storage` patterns are taken from another tab's message or a record… */
export const MAX_KEEP_PATTERNS = 32;
/** …each at most this long: more is dropped, so that the tab keeps less and clears more. */
export const MAX_KEEP_PATTERN_LENGTH = 256;

/** The `sessionStorage` part of a sign-out's clearing, as other tabs are to repeat it. */
export function sessionClearingOf(resolved: ResolvedSignOut): SessionClearing {
  return { session: resolved.clearStorage.includes('session'), keep: resolved.keepPatterns };
}

/**
 * The clearing that another tab or a record (what any script of the origin can write) asks for,
 * or `null` when it has another shape than the package writes.
 */
export function readSessionClearing(value: unknown): SessionClearing | null {
  const { session, keep } = (value ?? {}) as Partial<Record<keyof SessionClearing, unknown>>;
  if (typeof session !== 'boolean' || !Array.isArray(keep)) return null;
  return {
    session,
    keep: keep
      .filter((pattern): pattern is string => typeof pattern === 'string' && pattern.length <= MAX_KEEP_PATTERN_LENGTH)
      .slice(0, MAX_KEEP_PATTERNS),
  };
}

// The enumerated options' allowed values and their check: part of the element's first load, so
// that a wrong attribute is reported when it is set, before any sign-out code is loaded.
import type { SignOutMethod } from './form-post.js';

/** How the provider is reached: a top-level redirect, a hidden iframe, a popup, or not at all. */
export type SignOutMode = 'redirect' | 'iframe' | 'popup' | 'local';

/** What to do when an `iframe` or `popup` sign-out is not confirmed in time or the popup is blocked. */
export type SignOutFallback = 'redirect' | 'none';

/** Where oidc-client-ts keeps the signed-in user. */
export type UserStoreName = 'session' | 'local';

/** The enumerated options as given (attributes are any string until checked). */
export interface EnumeratedOptions {
  mode?: string;
  method?: string;
  userStore?: string;
  clearStorage?: string | readonly string[];
  fallback?: string;
  timeout?: number;
}

const MODES: readonly SignOutMode[] = ['redirect', 'iframe', 'popup', 'local'];
const METHODS: readonly SignOutMethod[] = ['get', 'post', 'auto'];
const FALLBACKS: readonly SignOutFallback[] = ['redirect', 'none'];
/** The longest delay timers hold (2³¹ − 1 ms); a longer one fires at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;
const USER_STORES: readonly UserStoreName[] = ['session', 'local'];
const STORAGE_AREAS: readonly string[] = ['local', 'session', 'cookies', 'indexeddb', 'caches', 'none'];
/**
 * Problems with the enumerated options (a console warning when an attribute is set, and
 * `invalid-config` when a sign-out is asked for with them). Every button runs it when it first
 * renders, so it builds nothing for options that are fine.
 */
export function attributeProblems(options: EnumeratedOptions): string[] {
  const problems: string[] = [];
  const check = (name: string, value: unknown, allowed: readonly string[]) => {
    if (value === undefined || isBlank(value)) return;
    if (!allowed.includes(value as string))
      problems.push(`${name}="${String(value)}" is not one of ${allowed.join(', ')}.`);
  };
  const { timeout } = options;
  check('mode', options.mode, MODES);
  check('method', options.method, METHODS);
  check('fallback', options.fallback, FALLBACKS);
  check('user-store', options.userStore, USER_STORES);
  for (const area of list(options.clearStorage)) check('clear-storage', area, STORAGE_AREAS);
  const validTimeout =
    timeout === undefined ||
    (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0 && timeout <= MAX_TIMEOUT_MS);
  if (!validTimeout)
    problems.push(`timeout="${String(timeout)}" is not a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}.`);
  return problems;
}

/** Blank strings count as absent, as blank attributes do. */
const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';

/** `options` with its blank strings made absent. */
export function withoutBlanks<T extends object>(options: T): T {
  return Object.fromEntries(
    Object.entries(options).map(([name, value]) => [name, isBlank(value) ? undefined : value]),
  ) as T;
}

export function list(value: string | readonly string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(/\s+/) : [...value];
  return items.map((item) => item.trim()).filter(Boolean);
}

// Every attribute of <sign-out-button> and option of signOut(), written once. The element's
// properties and attributes, the defaults, the checks, what warming depends on, the API's
// `SignOutOptions` and the framework entries' attribute types are all derived from this table
// (and the custom-elements manifest too: custom-elements-manifest.config.mjs reads it).
import type { UserManager } from 'oidc-client-ts';
import {
  FALLBACKS,
  MAX_TIMEOUT_MS,
  METHODS,
  MODES,
  STORAGE_AREAS,
  USER_STORES,
  type SignOutFallback,
  type SignOutMethod,
  type SignOutMode,
  type UserStoreName,
} from '../core/values.js';

/** How one option is read, checked and defaulted. Its attribute is its name in kebab-case. */
export interface OptionSpec {
  /**
   * How the value is written: `text` (the default), `list` (space-separated; the API also takes
   * an array), `query` (a query string; the API also takes a record), `json` (text on the
   * element, any JSON value in the API), `number` (blank counts as absent), `boolean` (present
   * or not), or `user-manager` (a property only, no attribute).
   */
  kind?: 'text' | 'list' | 'query' | 'json' | 'number' | 'boolean' | 'user-manager';
  /** The element's initial value, which `signOut()` also assumes; its type is the option's. */
  default?: unknown;
  /** The allowed values (for a `list`, of each item). */
  values?: readonly string[];
  /** The largest number allowed (from 1). */
  max?: number;
  /** A change means that what intent fetched ahead of the click may no longer fit. */
  warms?: true;
  /** Reflected to its attribute. */
  reflect?: true;
  /** The element's own state, not a sign-out option. */
  state?: true;
  /** Set by the element only. */
  readOnly?: true;
}

export const OPTIONS = {
  /** The provider's issuer URL; the end-session endpoint comes from its discovery document. */
  authority: { warms: true },
  /** The OAuth client ID. */
  clientId: {},
  /** Use this end-session URL and skip discovery (hosted sites, providers without discovery). */
  endSessionEndpoint: { warms: true },
  /** Sent as `post_logout_redirect_uri`; must be registered at the provider. */
  postLogoutRedirectUri: {},
  /** The ID token to send (server-rendered pages); otherwise the one oidc-client-ts stored for `authority` + `client-id`. */
  idTokenHint: {},
  /** Where oidc-client-ts keeps the signed-in user: `session` or `local`. */
  userStore: { values: USER_STORES, default: 'session' as UserStoreName },
  /** Sent as `logout_hint`. */
  logoutHint: {},
  /** Sent as `ui_locales`; `auto` sends the page's `<html lang>`. */
  uiLocales: {},
  /** More end-session parameters: query-string form (`federated`, `a=1&b=2`), or in the API a record. */
  extraParams: { kind: 'query' },
  /** A value the provider returns and `completeSignOut()` hands back, verified: text on the element, any JSON value in the API. */
  state: { kind: 'json' },
  /** `redirect`, `iframe` (hidden iframe, the hosted-site pattern), `popup`, or `local` (no provider call). */
  mode: { values: MODES, default: 'redirect' as SignOutMode, warms: true },
  /** `get`, `post` (auto-submitted form), or `auto` (POST when the GET URL would exceed 2,000 characters). */
  method: { values: METHODS, default: 'auto' as SignOutMethod },
  /** Milliseconds to wait for an `iframe` or `popup` sign-out to be confirmed. Default: 5000 for `iframe`, 120000 for `popup`. */
  timeout: { kind: 'number', max: MAX_TIMEOUT_MS },
  /** `redirect` or `none`: what to do when an `iframe`/`popup` sign-out is not confirmed in time or the popup is blocked. */
  fallback: { values: FALLBACKS, default: 'redirect' as SignOutFallback },
  /** Where the user lands when sign-out is done. */
  afterUrl: {},
  /** Space-separated origins that `after-url` and `post-logout-redirect-uri` may point to besides the page's own. */
  allowedOrigins: { kind: 'list' },
  /** Space-separated: `local`, `session`, `cookies`, `indexeddb`, `caches`, or `none`. */
  clearStorage: { kind: 'list', values: STORAGE_AREAS, default: 'local session' as string },
  /** Space-separated patterns (`*` wildcard) of storage keys, cookie, database and cache names that clearing leaves alone. */
  keepStorage: { kind: 'list' },
  /** Revoke the stored user's refresh and access tokens at the provider (RFC 7009) before removing it; best effort, bounded. */
  revokeTokens: { kind: 'boolean', default: false as boolean, warms: true },
  /** Do not tell the origin's other tabs. */
  noBroadcast: { kind: 'boolean', default: false as boolean },
  /** An SPA's own oidc-client-ts `UserManager`, used instead of one built from the attributes (a property only). */
  userManager: { kind: 'user-manager', warms: true },
  /** Disables the button. */
  disabled: { kind: 'boolean', default: false as boolean, reflect: true, state: true },
  /** Set while a sign-out runs; read-only for users. */
  busy: { kind: 'boolean', default: false as boolean, reflect: true, state: true, readOnly: true },
} as const satisfies Record<string, OptionSpec>;

type Table = typeof OPTIONS;
/** Every name in the table. */
export type OptionName = keyof Table;
/** The names that are sign-out options (not the element's own state). */
export type SignOutOptionName = { [K in OptionName]: Table[K] extends { state: true } ? never : K }[OptionName];

/** An entry's value on the element. */
type ElementValue<S> = S extends { kind: 'user-manager' }
  ? UserManager
  : S extends { kind: 'number' }
    ? number
    : S extends { default: infer D }
      ? D
      : string;
/** What `signOut()` accepts for an entry. */
type ApiValue<S> = S extends { kind: 'list' }
  ? string | readonly string[]
  : S extends { kind: 'query' }
    ? string | Record<string, string | number | boolean>
    : S extends { kind: 'json' }
      ? unknown
      : ElementValue<S>;
/** What a framework template may bind: a number also as numeric text, as an attribute writes it. */
type TemplateValue<S> = S extends { kind: 'number' } ? number | `${number}` : ElementValue<S>;

/** The names with a default (never `undefined` on the element). */
type Defaulted = { [K in OptionName]: Table[K] extends { default: unknown } ? K : never }[OptionName];
type ElementValues = { [K in OptionName]: ElementValue<Table[K]> };

/** The element's properties, as the table declares them. */
export type OptionProperties = Pick<ElementValues, Defaulted> & Partial<Omit<ElementValues, Defaulted>>;

/** What `signOut()` takes of each option. */
type OptionValues = Partial<Pick<{ [K in OptionName]: ApiValue<Table[K]> }, SignOutOptionName>>;

/** Everything `signOut()` accepts: the element's attributes in camelCase (see the table above), and a signal. */
export interface SignOutOptions extends OptionValues {
  /** Aborts the sign-out before the provider is contacted. */
  signal?: AbortSignal;
}

/** The names a user may set (everything but what the element sets itself). */
type Settable = { [K in OptionName]: Table[K] extends { readOnly: true } ? never : K }[OptionName];
/** The names with an attribute. */
type WithAttribute = { [K in OptionName]: Table[K] extends { kind: 'user-manager' } ? never : K }[OptionName];
type Kebab<S extends string> = S extends `${infer H}${infer R}`
  ? `${H extends Lowercase<H> ? H : `-${Lowercase<H>}`}${Kebab<R>}`
  : S;

/** The settable properties as a framework binds them (camelCase). */
export type TemplateProperties = Partial<Pick<{ [K in OptionName]: TemplateValue<Table[K]> }, Settable>>;
/**
 * The attributes as a framework template writes them (kebab-case). A property-only name in
 * kebab-case (`user-manager`) is `never`: written so, a framework would set an attribute that the
 * element does not read (`user-manager="[object Object]"`), so a type check rejects it.
 */
export type TemplateAttributes = {
  [K in Settable as Kebab<K>]?: K extends WithAttribute ? TemplateValue<Table[K]> : never;
};
/** The property-only names in kebab-case (`user-manager`), which no template may write. */
export type PropertyOnlyAttributes = {
  [K in Exclude<Settable, WithAttribute> as Kebab<K>]?: never;
};

/** `clientId` → `client-id`. */
export const attributeOf = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const names = Object.keys(OPTIONS) as OptionName[];
const spec = (name: OptionName): OptionSpec => OPTIONS[name];

/** The options a click hands to the sign-out. */
export const SIGN_OUT_OPTIONS = names.filter((name) => !spec(name).state) as SignOutOptionName[];
/** The options whose change makes intent fetch again. */
export const WARMED_BY = names.filter((name) => spec(name).warms);
/** The options with a check. */
export const CHECKED = names.filter((name) => spec(name).values || spec(name).max);

/** The default of `name`, if it has one. */
export const defaultOf = <K extends OptionName>(name: K): Table[K] extends { default: infer D } ? D : undefined =>
  spec(name).default as never;

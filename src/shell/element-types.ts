// `<sign-out-button>` as a framework's template sees it, for the type-only entries
// `sign-out-button/jsx` and `sign-out-button/vue`: derived from the option table, so that the
// values the element rejects at run time (`mode="sideways"`) are rejected at compile time.
import type { RemoteSignOutDetail, SignOutErrorDetail, SignOutResult, SignOutStartDetail } from '../core/events.js';
import type { PropertyOnlyAttributes, TemplateAttributes, TemplateProperties } from '../options/option-table.js';

/** The element's attributes (kebab-case), with their values' types; `user-manager` is `never` (a property only). */
export type SignOutButtonAttributes = TemplateAttributes;

/** The kebab-case forms of the property-only names (`user-manager`): `never`, so that a template cannot write them. */
export type SignOutButtonPropertyOnlyAttributes = PropertyOnlyAttributes;

/** The element's settable properties (camelCase), for frameworks that bind properties; numbers also as numeric text. */
export type SignOutButtonProperties = TemplateProperties;

/** The element's events and their `detail`s. */
export interface SignOutButtonEvents {
  'sign-out-start': CustomEvent<SignOutStartDetail>;
  'sign-out-complete': CustomEvent<SignOutResult>;
  'sign-out-error': CustomEvent<SignOutErrorDetail>;
  'sign-out-remote': CustomEvent<RemoteSignOutDetail>;
}

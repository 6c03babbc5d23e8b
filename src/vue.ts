// `sign-out-button/vue` (types only): `<sign-out-button>` in Vue templates, checked by vue-tsc
// (`GlobalComponents`): its attributes in either case (`client-id` or `clientId`), wrong values
// rejected, and `@sign-out-complete` and the other events typed. Reference it once:
//   import type {} from 'sign-out-button/vue';   (or "types": ["sign-out-button/vue"] in tsconfig)
// At run time Vue must treat the tag as a custom element (`isCustomElement`, see the README), and
// the UserManager is bound as a property: `.userManager` (`:user-manager` becomes an attribute).
import type { DefineComponent, HTMLAttributes } from 'vue';
import type {
  SignOutButtonEvents,
  SignOutButtonProperties,
  SignOutButtonPropertyOnlyAttributes,
} from './shell/element-types.js';

/** Vue's names for the events' listeners: `@sign-out-complete` is `onSignOutComplete`. */
export interface SignOutButtonVueEvents {
  onSignOutStart?: (event: SignOutButtonEvents['sign-out-start']) => void;
  onSignOutComplete?: (event: SignOutButtonEvents['sign-out-complete']) => void;
  onSignOutError?: (event: SignOutButtonEvents['sign-out-error']) => void;
  onSignOutRemote?: (event: SignOutButtonEvents['sign-out-remote']) => void;
}

/**
 * Everything `<sign-out-button>` takes in a template: its own props and events, and any HTML
 * attribute. `user-manager` is `never`, but vue-tsc camelizes a kebab-case binding to
 * `userManager` before checking it: it reaches this type only for names listed in the app's
 * `vueCompilerOptions.htmlAttributes` (see the README's Vue recipe).
 */
export type SignOutButtonVueProps = SignOutButtonProperties &
  SignOutButtonPropertyOnlyAttributes &
  SignOutButtonVueEvents &
  HTMLAttributes;

declare module 'vue' {
  interface GlobalComponents {
    'sign-out-button': DefineComponent<SignOutButtonVueProps>;
  }
}

export type { SignOutButtonEvents, SignOutButtonProperties };

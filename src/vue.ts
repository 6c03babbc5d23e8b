// `sign-out-button/vue` (types only): `<sign-out-button>` in Vue templates, checked by vue-tsc
// (`GlobalComponents`): its attributes in either case (`client-id` or `clientId`), wrong values
// rejected, and `@sign-out-complete` and the other events typed. Reference it once:
//   import type {} from 'sign-out-button/vue';   (or "types": ["sign-out-button/vue"] in tsconfig)
// At run time Vue must treat the tag as a custom element (`isCustomElement`, see the README).
import type { DefineComponent, HTMLAttributes } from 'vue';
import type { SignOutButtonEvents, SignOutButtonProperties } from './shell/element-types.js';

/** Vue's names for the events' listeners: `@sign-out-complete` is `onSignOutComplete`. */
export interface SignOutButtonVueEvents {
  onSignOutStart?: (event: SignOutButtonEvents['sign-out-start']) => void;
  onSignOutComplete?: (event: SignOutButtonEvents['sign-out-complete']) => void;
  onSignOutError?: (event: SignOutButtonEvents['sign-out-error']) => void;
  onSignOutRemote?: (event: SignOutButtonEvents['sign-out-remote']) => void;
}

/** Everything `<sign-out-button>` takes in a template: its own props and events, and any HTML attribute. */
export type SignOutButtonVueProps = SignOutButtonProperties & SignOutButtonVueEvents & HTMLAttributes;

declare module 'vue' {
  interface GlobalComponents {
    'sign-out-button': DefineComponent<SignOutButtonVueProps>;
  }
}

export type { SignOutButtonEvents, SignOutButtonProperties };

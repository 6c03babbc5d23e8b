// `sign-out-button/jsx` (types only): `<sign-out-button>` in TSX (React 19's JSX), its attributes
// typed, wrong values rejected by tsc. Reference it once:
//   import type {} from 'sign-out-button/jsx';   (or "types": ["sign-out-button/jsx"] in tsconfig)
// React 19 sets a prop the element has as a property (`userManager`, `clientId`), any other as
// an attribute (`client-id`), and `on` + an event name as its listener (`onsign-out-complete`);
// `user-manager` is typed `never`, as React would write the UserManager as an attribute's text.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { SignOutButton } from './shell/sign-out-button.js';
import type { SignOutButtonAttributes, SignOutButtonEvents, SignOutButtonProperties } from './shell/element-types.js';

/** `on` + each event name, as React 19 binds a custom element's events. */
export type SignOutButtonJsxEvents = {
  [K in keyof SignOutButtonEvents as `on${K}`]?: (event: SignOutButtonEvents[K]) => void;
};

/** Everything `<sign-out-button>` takes in TSX. */
export type SignOutButtonJsxProps = DetailedHTMLProps<HTMLAttributes<SignOutButton>, SignOutButton> &
  SignOutButtonAttributes &
  SignOutButtonProperties &
  SignOutButtonJsxEvents;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'sign-out-button': SignOutButtonJsxProps;
    }
  }
}

export type { SignOutButtonAttributes, SignOutButtonEvents, SignOutButtonProperties };

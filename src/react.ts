// `sign-out-button/react`: <SignOutButton> for React, made with the Lit team's @lit/react. The
// element's properties are props (set as properties, so `userManager` takes the object itself),
// and its events are typed `on…` props. Importing this registers `<sign-out-button>`.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { SignOutButton as SignOutButtonElement } from './define.js';
import type { SignOutButtonEvents } from './shell/element-types.js';

export const SignOutButton = createComponent({
  tagName: 'sign-out-button',
  elementClass: SignOutButtonElement,
  react: React,
  events: {
    onSignOutStart: 'sign-out-start' as EventName<SignOutButtonEvents['sign-out-start']>,
    onSignOutComplete: 'sign-out-complete' as EventName<SignOutButtonEvents['sign-out-complete']>,
    onSignOutError: 'sign-out-error' as EventName<SignOutButtonEvents['sign-out-error']>,
    onSignOutRemote: 'sign-out-remote' as EventName<SignOutButtonEvents['sign-out-remote']>,
  },
  displayName: 'SignOutButton',
});

/** The props `<SignOutButton>` takes. */
export type SignOutButtonProps = React.ComponentProps<typeof SignOutButton>;

import { SignOutButton } from './shell/sign-out-button.js';

// Importing this twice, or after another copy registered the tag, must not throw.
if (!customElements.get('sign-out-button')) {
  customElements.define('sign-out-button', SignOutButton);
}

declare global {
  interface HTMLElementTagNameMap {
    'sign-out-button': SignOutButton;
  }
}

export { SignOutButton };

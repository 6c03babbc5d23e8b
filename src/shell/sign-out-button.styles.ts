import { unsafeCSS } from '@lit/reactive-element';

// Static text, so unsafeCSS (nothing interpolated): the css tag's value checks cost the first
// load about 150 bytes for no use here.

export const styles = unsafeCSS(`
  :host {
    display: inline-block;
  }
  :host([hidden]) {
    display: none;
  }
  button {
    font: var(--sign-out-button-font, inherit);
    color: var(--sign-out-button-color, ButtonText);
    background: var(--sign-out-button-background, ButtonFace);
    border: var(--sign-out-button-border, 1px solid ButtonBorder);
    border-radius: var(--sign-out-button-border-radius, 4px);
    padding: var(--sign-out-button-padding, 0.4em 1em);
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    white-space: nowrap;
  }
  ::slotted(br) {
    display: none;
  }
  button:focus-visible {
    outline: var(--sign-out-button-focus-outline, 2px solid Highlight);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: var(--sign-out-button-disabled-opacity, 0.6);
  }
  :host([busy]) button {
    cursor: progress;
    opacity: var(--sign-out-button-busy-opacity, 0.85);
  }
  /* The busy indicator: a ring that turns, or, for people who asked for less motion, one that does not. */
  [part='spinner'] {
    display: none;
    box-sizing: border-box;
    width: var(--sign-out-button-spinner-size, 1em);
    height: var(--sign-out-button-spinner-size, 1em);
    border: 0.15em solid var(--sign-out-button-spinner-track-color, transparent);
    border-top-color: var(--sign-out-button-spinner-color, currentColor);
    border-radius: 50%;
    animation: sign-out-button-spin 0.8s linear infinite;
  }
  :host([busy]) [part='spinner'] {
    display: inline-block;
  }
  @media (prefers-reduced-motion: reduce) {
    [part='spinner'] {
      animation: none;
      border-color: var(--sign-out-button-spinner-color, currentColor);
      border-right-color: var(--sign-out-button-spinner-track-color, transparent);
    }
  }
  @keyframes sign-out-button-spin {
    to {
      transform: rotate(360deg);
    }
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`);

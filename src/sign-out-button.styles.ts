import { css } from 'lit';

export const styles = css`
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
  }
`;

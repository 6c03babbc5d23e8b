// The element's shadow DOM: a native button with the busy indicator and the label's slot, and a
// status region that announces the sign-out to screen readers. Built with DOM calls, not from
// HTML text, so that a page that requires Trusted Types renders it.

let parts: DocumentFragment | undefined;

/** Renders the element's parts into `root` (once per element); returns the two it updates. */
export function renderInto(root: HTMLElement | DocumentFragment): { button: HTMLButtonElement; status: HTMLElement } {
  if (!parts) {
    const create = document.createElement.bind(document);
    const [button, spinner, slot, status] = [create('button'), create('span'), create('slot'), create('span')];
    button.type = 'button';
    button.setAttribute('part', 'button');
    spinner.setAttribute('part', 'spinner');
    spinner.setAttribute('aria-hidden', 'true');
    slot.textContent = 'Sign out';
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    button.append(spinner, slot);
    parts = document.createDocumentFragment();
    parts.append(button, status);
  }
  const clone = parts.cloneNode(true) as DocumentFragment;
  const rendered = { button: clone.firstChild as HTMLButtonElement, status: clone.lastChild as HTMLElement };
  root.append(clone);
  return rendered;
}

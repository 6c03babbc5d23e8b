// The element's shadow DOM: a native button with the busy indicator and the label's slot, and a
// status region that announces the sign-out to screen readers. Built with DOM calls, not from
// HTML text, so that a page that requires Trusted Types renders it.

let parts: DocumentFragment | undefined;

function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Renders the element's parts into `root` (once per element); returns the two it updates. */
export function renderInto(root: HTMLElement | DocumentFragment): { button: HTMLButtonElement; status: HTMLElement } {
  parts ??= (() => {
    const fragment = document.createDocumentFragment();
    fragment.append(
      element(
        'button',
        { type: 'button', part: 'button' },
        element('span', { part: 'spinner', 'aria-hidden': 'true' }),
        element('slot', {}, 'Sign out'),
      ),
      element('span', { class: 'visually-hidden', role: 'status' }),
    );
    return fragment;
  })();
  const clone = parts.cloneNode(true) as DocumentFragment;
  const rendered = { button: clone.firstChild as HTMLButtonElement, status: clone.lastChild as HTMLElement };
  root.append(clone);
  return rendered;
}

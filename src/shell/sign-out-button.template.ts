// The element's shadow DOM: a native button with the busy indicator and the label's slot, and a
// status region that announces the sign-out to screen readers. Built with DOM calls, not from
// HTML text, so that a page that requires Trusted Types renders it.

let parts: DocumentFragment | undefined;

/** Renders the element's parts into `root` (once per element); returns the two it updates. */
export function renderInto(root: ShadowRoot): { button: HTMLButtonElement; status: HTMLElement } {
  if (!parts) {
    const [button, spinner, label, slot, status] = ['button', 'span', 'span', 'slot', 'span'].map((name) =>
      document.createElement(name),
    ) as [HTMLButtonElement, ...HTMLElement[]];
    button.type = 'button';
    button.setAttribute('part', 'button');
    spinner.setAttribute('part', 'spinner');
    spinner.setAttribute('aria-hidden', 'true');
    // One inline box around the label, so that its text nodes (a CMS splits them at `<br>`) are
    // laid out as one line, not as the flex items of the button.
    label.className = 'label';
    label.append(slot);
    slot.textContent = 'Sign out';
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    button.append(spinner, label);
    parts = document.createDocumentFragment();
    parts.append(button, status);
  }
  const clone = parts.cloneNode(true) as DocumentFragment;
  const rendered = { button: clone.firstChild as HTMLButtonElement, status: clone.lastChild as HTMLElement };
  root.append(clone);
  labelFollows(root.host, rendered.button.querySelector('slot')!);
  return rendered;
}

/**
 * Whitespace and `<br>` are no label (CMS editors insert them): with nothing else in the element,
 * the slot takes a name that nothing is assigned to, so that its fallback text shows; it follows
 * the element's content as it changes.
 */
function labelFollows(host: Element, slot: HTMLSlotElement): void {
  const relabel = () => {
    const labelled = Array.from(host.childNodes).some((node) =>
      node.nodeType === 1 ? node.nodeName !== 'BR' : node.nodeType === 3 && node.textContent!.trim(),
    );
    slot.name = labelled ? '' : 'sign-out-button-no-label';
  };
  new MutationObserver(relabel).observe(host, { childList: true, characterData: true, subtree: true });
  relabel();
}

// The element's shadow DOM: a native button with the busy indicator and the label's slot, and a
// status region that announces the sign-out to screen readers.
const TEMPLATE =
  '<button type="button" part="button"><span part="spinner" aria-hidden="true"></span><slot>Sign out</slot></button>' +
  '<span class="visually-hidden" role="status"></span>';
let template: HTMLTemplateElement | undefined;

/** Renders the element's parts into `root` (once per element); returns the two it updates. */
export function renderInto(root: HTMLElement | DocumentFragment): { button: HTMLButtonElement; status: HTMLElement } {
  template ??= Object.assign(document.createElement('template'), { innerHTML: TEMPLATE });
  root.append(template.content.cloneNode(true));
  return { button: root.firstChild as HTMLButtonElement, status: root.lastChild as HTMLElement };
}

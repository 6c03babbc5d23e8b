// Page-wide listeners for every <sign-out-button>, added once: a page with a thousand buttons must
// not pay a thousand window listeners (each add and remove scans them all).

/** What shows a person is about to click. */
const INTENT_EVENTS = ['pointerover', 'focusin', 'touchstart'] as const;

/** What a button does when the page sees intent on it, or comes back from the back/forward cache. */
export interface PageHooks<T> {
  intent(button: T): void;
  restored(button: T): void;
}

/**
 * The page's listeners for the buttons `connect`ed to it. Intent is noticed where it bubbles to
 * (pointerover, focusin and touchstart are composed): the document, and a closed shadow root a
 * button is in (whose inside the document's listener cannot see).
 */
export function pageListeners<T extends Element>(hooks: PageHooks<T>) {
  /** The connected buttons, wherever they are (light DOM or a component's shadow root). */
  const connected = new Set<T>();
  const listening = new WeakSet<Document | ShadowRoot>();

  function listenOnce(root: Node): void {
    const where = root instanceof ShadowRoot && root.mode === 'closed' ? root : document;
    if (listening.has(where)) return;
    if (!listening.has(document) && where !== document) listenOnce(document);
    listening.add(where);
    for (const type of INTENT_EVENTS) {
      where.addEventListener(
        type,
        (event) => {
          const button = event.composedPath().find((target) => connected.has(target as T));
          if (button) hooks.intent(button as T);
        },
        { capture: true, passive: true },
      );
    }
    if (where !== document) return;
    window.addEventListener('pageshow', (event) => {
      if ((event as PageTransitionEvent).persisted) for (const button of connected) hooks.restored(button);
    });
  }

  return {
    connect(button: T): void {
      listenOnce(button.getRootNode());
      connected.add(button);
    },
    disconnect(button: T): void {
      connected.delete(button);
    },
  };
}

// Opening the popup is all of popup mode that must run at the click itself: part of the first load.

/** A popup opened for a sign-out, and the name it was opened with. */
export interface OpenedPopup {
  window: Window;
  name: string;
}

const POPUP_WIDTH = 500;
const POPUP_HEIGHT = 640;

/**
 * Opens the sign-out popup, blank, while the click's user activation is fresh (a popup blocker
 * allows windows opened in response to a click), without an opener. `null` when it was blocked.
 */
export function openSignOutPopup(): OpenedPopup | null {
  const name = `sign-out-button-${crypto.randomUUID()}`;
  const left = Math.max(0, window.screenX + (window.outerWidth - POPUP_WIDTH) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - POPUP_HEIGHT) / 2);
  const features = `popup,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`;
  let opened: Window | null = null;
  try {
    opened = window.open('about:blank', name, features);
    // The provider's pages in it get no handle on this page: the return page reports over a
    // BroadcastChannel (oidc-client-ts does so when there is no opener), and this page keeps its
    // own handle to navigate and close the popup.
    if (opened) opened.opener = null;
  } catch {
    // A blocker that throws (no popup), or a browser that keeps the opener (the popup is used).
  }
  return opened ? { window: opened, name } : null;
}

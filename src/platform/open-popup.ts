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
 * allows windows opened in response to a click). `null` when it was blocked.
 */
export function openSignOutPopup(): OpenedPopup | null {
  const name = `sign-out-button-${crypto.randomUUID()}`;
  const left = Math.max(0, window.screenX + (window.outerWidth - POPUP_WIDTH) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - POPUP_HEIGHT) / 2);
  const features = `popup,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`;
  let opened: Window | null = null;
  try {
    opened = window.open('about:blank', name, features);
  } catch {
    opened = null;
  }
  return opened ? { window: opened, name } : null;
}

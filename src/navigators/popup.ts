import { ChildWindow, type ChildWindowOptions } from './child-window.js';

const POPUP_WIDTH = 500;
const POPUP_HEIGHT = 640;

/**
 * Opens the sign-out popup, blank, while the click's user activation is fresh (a popup blocker
 * allows windows opened in response to a click). `null` when it was blocked.
 */
export function openSignOutPopup(): { window: Window; name: string } | null {
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

/**
 * The end-session request in a popup opened by `openSignOutPopup()`. `popup.closed` is no reason
 * to stop waiting: a provider (or site) sending Cross-Origin-Opener-Policy makes the popup look
 * closed to its opener as soon as it switches browsing context, while it goes on to the return
 * page, which reports over BroadcastChannel. So only `timeout` ends the wait.
 */
export class SignOutPopup extends ChildWindow {
  protected override readonly reportsOnChannel = true;

  constructor(
    private readonly popup: { window: Window; name: string },
    options: ChildWindowOptions,
  ) {
    super(options);
  }

  protected get target() {
    return this.popup.window;
  }

  protected get targetName() {
    return this.popup.name;
  }

  protected load(url: string) {
    this.popup.window.location.replace(url);
  }

  close() {
    this.stopWaiting();
    if (!this.popup.window.closed) this.popup.window.close();
  }
}

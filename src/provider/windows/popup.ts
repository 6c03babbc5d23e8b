import { ChildWindow, type ChildWindowOptions } from './child-window.js';

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

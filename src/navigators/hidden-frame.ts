import { ChildWindow, type ChildWindowOptions } from './child-window.js';

/** The end-session request in a hidden iframe (the hosted-site pattern). */
export class HiddenFrame extends ChildWindow {
  private readonly frame: HTMLIFrameElement;

  constructor(options: ChildWindowOptions) {
    super(options);
    this.frame = document.createElement('iframe');
    this.frame.name = `sign-out-button-${crypto.randomUUID()}`;
    this.frame.title = 'Signing out';
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.tabIndex = -1;
    this.frame.style.cssText = 'position:fixed;width:0;height:0;border:0;visibility:hidden;left:-1000px;top:0';
    document.body.append(this.frame);
  }

  protected get target() {
    return this.frame.contentWindow;
  }

  protected get targetName() {
    return this.frame.name;
  }

  protected load(url: string) {
    // Not `src`: the URL carries the ID token, and nothing of it may stay in the DOM.
    this.frame.contentWindow?.location.replace(url);
  }

  close() {
    this.stopWaiting();
    this.frame.remove();
  }
}

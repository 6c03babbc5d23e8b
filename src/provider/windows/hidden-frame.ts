import { checkNavigation, type TopLevelNavigation } from '../../platform/navigation.js';
import { postForm } from '../../platform/form-post.js';
import { ChildWindow, type ChildWindowOptions } from './child-window.js';

/** A hidden, named iframe in the page, out of sight and out of the tab order. */
function appendHiddenIframe(): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.name = `sign-out-button-${crypto.randomUUID()}`;
  frame.title = 'Signing out';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;visibility:hidden;left:-1000px;top:0';
  document.body.append(frame);
  return frame;
}

/**
 * Navigates `frame` to `url`, which the caller checked. Not `src`: the URL carries the ID token,
 * and nothing of it may stay in the DOM.
 */
function loadInto(frame: HTMLIFrameElement, url: string): void {
  frame.contentWindow?.location.replace(url);
}

/** The end-session request in a hidden iframe (the hosted-site pattern). */
export class HiddenFrame extends ChildWindow {
  private readonly frame = appendHiddenIframe();

  constructor(options: ChildWindowOptions) {
    super(options);
  }

  protected get target() {
    return this.frame.contentWindow;
  }

  protected get targetName() {
    return this.frame.name;
  }

  protected load(url: string) {
    loadInto(this.frame, url);
  }

  close() {
    this.stopWaiting();
    this.frame.remove();
  }
}

/** How long a provider's page must stay put, after its last load, to count as settled. */
export const SETTLE_QUIET_MS = 1000;

/**
 * The end-session request in a hidden iframe with no return page to confirm it (PRIVO's partner
 * sample). It is done once the provider's page settled: not at its first `load` (providers
 * auto-submit a form from there), but when no further load came for `SETTLE_QUIET_MS`, or at
 * `timeoutMs`. Either way the frame is removed.
 */
export async function sendInSettlingFrame(request: TopLevelNavigation, timeoutMs: number): Promise<void> {
  checkNavigation(request);
  const frame = appendHiddenIframe();
  try {
    await new Promise<void>((resolve) => {
      let quiet: number | undefined;
      const done = () => {
        window.clearTimeout(quiet);
        window.clearTimeout(limit);
        frame.removeEventListener('load', onLoad);
        resolve();
      };
      const onLoad = () => {
        window.clearTimeout(quiet);
        quiet = window.setTimeout(done, SETTLE_QUIET_MS);
      };
      const limit = window.setTimeout(done, timeoutMs);
      frame.addEventListener('load', onLoad);
      if (request.method === 'post') postForm(request.url, request.endpoint, frame.name);
      else loadInto(frame, request.url);
    });
  } finally {
    frame.remove();
  }
}

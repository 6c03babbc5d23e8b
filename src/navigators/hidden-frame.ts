import type { INavigator, IWindow, NavigateParams, NavigateResponse } from 'oidc-client-ts';
import { SignOutError } from '../errors.js';
import { NotConfirmedError } from './not-confirmed.js';

/** The message oidc-client-ts's callback (our `completeSignOut`) posts from the return page. */
const MESSAGE_SOURCE = 'oidc-client';

export interface HiddenFrameOptions {
  /** How long to wait for the return page's report. */
  timeoutMs: number;
  /** The origin of the return page, the only one whose report counts. */
  returnOrigin: string;
}

/**
 * Runs the end-session request in a hidden iframe. Only the return page inside this frame
 * reporting back counts: a `load` event proves nothing (the provider may show a confirmation,
 * refuse to be framed, or not see its cookies when it is not same-site with the page).
 */
export class HiddenFrameNavigator implements INavigator {
  constructor(private readonly options: HiddenFrameOptions) {}

  prepare(): Promise<IWindow> {
    return Promise.resolve(new HiddenFrameWindow(this.options));
  }

  callback(): Promise<void> {
    return Promise.resolve();
  }
}

class HiddenFrameWindow implements IWindow {
  private readonly frame: HTMLIFrameElement;
  private dispose: () => void = () => undefined;

  constructor(private readonly options: HiddenFrameOptions) {
    this.frame = document.createElement('iframe');
    this.frame.name = `sign-out-button-${crypto.randomUUID()}`;
    this.frame.title = 'Signing out';
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.tabIndex = -1;
    this.frame.style.cssText = 'position:fixed;width:0;height:0;border:0;visibility:hidden;left:-1000px;top:0';
    document.body.append(this.frame);
  }

  navigate(params: NavigateParams): Promise<NavigateResponse> {
    return new Promise((resolve, reject) => {
      const onMessage = (event: MessageEvent) => {
        const data = event.data as { source?: unknown; url?: unknown } | null;
        if (event.source !== this.frame.contentWindow || event.origin !== this.options.returnOrigin) return;
        if (data?.source !== MESSAGE_SOURCE || typeof data.url !== 'string') return;
        const returned = new URL(data.url).searchParams.get('state');
        this.close();
        if (params.state && returned !== params.state) {
          reject(
            returned
              ? new SignOutError('state-mismatch', 'The provider returned another state than the one sent.')
              : new SignOutError('state-missing', 'The provider returned no state, but one was sent.'),
          );
        } else {
          resolve({ url: data.url });
        }
      };
      const timer = window.setTimeout(() => {
        this.close();
        reject(
          new NotConfirmedError(`The hidden iframe did not reach the return page within ${this.options.timeoutMs} ms.`),
        );
      }, this.options.timeoutMs);
      window.addEventListener('message', onMessage);
      this.dispose = () => {
        window.clearTimeout(timer);
        window.removeEventListener('message', onMessage);
      };
      this.frame.src = params.url;
    });
  }

  close(): void {
    this.dispose();
    this.frame.remove();
  }
}

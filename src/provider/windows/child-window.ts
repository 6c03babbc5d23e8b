import type { INavigator, IWindow, NavigateParams, NavigateResponse } from 'oidc-client-ts';
import { chooseMethod } from '../../core/request-method.js';
import { checkHttpUrl } from '../../core/url-policy.js';
import type { SignOutMethod } from '../../core/values.js';
import { postForm } from '../../platform/form-post.js';
import { NotConfirmedError } from './not-confirmed.js';
import { waitForReturnReport } from './return-report.js';

export interface ChildWindowOptions {
  /** How long to wait for the return page's report. */
  timeoutMs: number;
  /** The origin of the return page, the only one whose report counts. */
  returnOrigin: string;
  method: SignOutMethod;
  /** The end-session endpoint as published, the action of a form POST. */
  endpoint: string;
}

/**
 * A window the end-session request runs in (a hidden iframe or a popup), confirmed only by the
 * return page reporting back from inside it: a `load` event proves nothing (the provider may show
 * a confirmation, refuse to be framed, or not see its cookies when it is not same-site).
 */
export abstract class ChildWindow implements IWindow {
  /** The method the request was sent with. */
  method: 'get' | 'post' = 'get';
  /** The state the request carries (its record's key), once sent. */
  state: string | undefined;
  private dispose: () => void = () => undefined;

  constructor(protected readonly options: ChildWindowOptions) {}

  /** The window the return page will run in. */
  protected abstract get target(): Window | null;
  /** Its name, for a form's `target`. */
  protected abstract get targetName(): string;
  /** Sends a GET there. */
  protected abstract load(url: string): void;
  /** Whether a report may come over BroadcastChannel instead of `postMessage`. */
  protected readonly reportsOnChannel: boolean = false;
  abstract close(): void;

  async navigate(params: NavigateParams): Promise<NavigateResponse> {
    checkHttpUrl(params.url, 'The end-session request');
    this.method = chooseMethod(this.options.method, params.url);
    this.state = params.state;
    const waiting = waitForReturnReport({
      from: () => this.target,
      returnOrigin: this.options.returnOrigin,
      state: params.state,
      timeoutMs: this.options.timeoutMs,
      channel: this.reportsOnChannel,
    });
    this.dispose = waiting.dispose;
    if (this.method === 'post') postForm(params.url, this.options.endpoint, this.targetName);
    else this.load(params.url);
    try {
      return { url: await waiting.report };
    } catch (error) {
      if (error instanceof NotConfirmedError) error.method = this.method;
      throw error;
    } finally {
      this.close();
    }
  }

  protected stopWaiting(): void {
    this.dispose();
  }
}

/** An `INavigator` that hands oidc-client-ts one prepared window. */
export class PreparedNavigator implements INavigator {
  constructor(private readonly window: IWindow) {}

  prepare(): Promise<IWindow> {
    return Promise.resolve(this.window);
  }

  callback(): Promise<void> {
    return Promise.resolve();
  }
}

import type { INavigator, IWindow, NavigateParams } from 'oidc-client-ts';

/**
 * A navigator that sends nothing: it hands back the request oidc-client-ts built, so that the
 * mode decides how to send it (and the app hears `sign-out-complete` before the page unloads).
 */
export class CapturingNavigator implements INavigator {
  captured: NavigateParams | null = null;

  prepare(): Promise<IWindow> {
    return Promise.resolve({
      navigate: (params) => {
        this.captured = params;
        return Promise.resolve({ url: params.url });
      },
      close: () => undefined,
    });
  }

  callback(): Promise<void> {
    return Promise.resolve();
  }
}

import { SignOutError } from '../../core/errors.js';
import { NotConfirmedError } from './not-confirmed.js';

/** What oidc-client-ts's callback (our `completeSignOut`) posts from the return page. */
const MESSAGE_SOURCE = 'oidc-client';

export interface ReturnReportOptions {
  /** The window the return page runs in (the frame's or the popup's); only its report counts. */
  from: () => Window | null;
  /** The origin of the return page. */
  returnOrigin: string;
  /** The state sent; the report must carry it. */
  state: string | undefined;
  timeoutMs: number;
  /** Also accept a report on oidc-client-ts's BroadcastChannel (a popup cut off from its opener). */
  channel?: boolean;
}

/**
 * Waits for the return page to report back (oidc-client-ts's message format), from the given
 * window, or, for a popup cut off from its opener, on oidc-client-ts's BroadcastChannel (same
 * origin only). Resolves with the return URL; rejects with `NotConfirmedError` when no report
 * came in time, or `state-mismatch` / `state-missing` when the report carries the wrong state.
 * `dispose()` stops waiting.
 */
export function waitForReturnReport(options: ReturnReportOptions): { report: Promise<string>; dispose: () => void } {
  const cleanups: (() => void)[] = [];
  const dispose = () => cleanups.splice(0).forEach((cleanup) => cleanup());
  const report = new Promise<string>((resolve, reject) => {
    const settle = (data: unknown) => {
      const message = data as { source?: unknown; url?: unknown } | null;
      if (message?.source !== MESSAGE_SOURCE || typeof message.url !== 'string') return;
      // A report whose URL does not parse is no report: keep waiting (and never throw in here).
      const returned = stateOf(message.url);
      if (returned === undefined) return;
      dispose();
      if (options.state && returned !== options.state) {
        reject(
          returned
            ? new SignOutError('state-mismatch', 'The provider returned another state than the one sent.')
            : new SignOutError('state-missing', 'The provider returned no state, but one was sent.'),
        );
      } else {
        resolve(message.url);
      }
    };
    const onMessage = (event: MessageEvent) => {
      if (event.source === options.from() && event.origin === options.returnOrigin) settle(event.data);
    };
    window.addEventListener('message', onMessage);
    cleanups.push(() => window.removeEventListener('message', onMessage));
    if (options.channel && options.state && typeof BroadcastChannel === 'function') {
      const channel = new BroadcastChannel(`oidc-client-popup-${options.state}`);
      channel.onmessage = (event) => settle(event.data);
      cleanups.push(() => channel.close());
    }
    const notConfirmed = (reason: string) => {
      dispose();
      reject(new NotConfirmedError(reason));
    };
    const timer = window.setTimeout(
      () => notConfirmed(`The return page did not report back within ${options.timeoutMs} ms.`),
      options.timeoutMs,
    );
    cleanups.push(() => window.clearTimeout(timer));
  });
  return { report, dispose };
}

/** The `state` of a return URL (`null`: none), or `undefined` when it is not a URL. */
function stateOf(url: string): string | null | undefined {
  try {
    return new URL(url).searchParams.get('state');
  } catch {
    return undefined;
  }
}

import { SignOutError } from '../core/errors.js';
import { siteOf } from '../core/url-policy.js';
import { resolveOptions } from '../options/resolve-options.js';
import { webStorage } from '../platform/web-storage.js';
import { clearStorage } from '../storage/clear-storage.js';
import { matchStoredUser, removeUserFrom } from '../storage/session-match.js';
import { CHANNEL_NAME, LISTENING_KEY, type FrontChannelAnswer, type FrontChannelRequest } from './channel.js';
import { readFrontChannelAnswer } from './shapes.js';
import { markSignedOut } from './recent-sign-outs.js';
import { sessionClearingOf } from './session-clearing.js';

export interface FrontChannelLogoutOptions {
  /** The provider's issuer URL, as the stored user was signed in with. */
  authority: string;
  /** The OAuth client ID. */
  clientId: string;
  /** What to clear once a matching user was signed out (as `clear-storage`). Default `local session`. */
  clearStorage?: string;
  /** Patterns that clearing leaves alone (as `keep-storage`). */
  keepStorage?: string;
}

export interface FrontChannelLogoutResult {
  status: 'signed-out' | 'ignored';
  /** Why it was ignored: `not-signed-in`, `other-session`, `partitioned` or `not-framed`. */
  reason?: 'not-signed-in' | 'other-session' | 'partitioned' | 'not-framed';
}

/** How long the frame listens for the open tabs' answers. */
export const TAB_ANSWER_WINDOW_MS = 750;

/**
 * Whether this frame gets partitioned storage and a partitioned BroadcastChannel, so that it can
 * reach neither the site's storage nor its tabs: cross-site to its top-level page in Chromium
 * 115+, Firefox and Safari, and in WebKit even a frame of the same site on another port. Told
 * by what it can see: the mark every listening page of the site leaves in its localStorage is not
 * in this frame's; or the browser says so (a cross-site ancestor, no storage access).
 */
async function isPartitioned(): Promise<boolean> {
  try {
    if (webStorage('local')?.getItem(LISTENING_KEY) === null) return true;
  } catch {
    return true;
  }
  // Chromium also partitions a frame below a cross-site ancestor, even when the top is same-site.
  const ancestors = Array.from(window.location.ancestorOrigins ?? []);
  const own = siteOf(window.location.origin);
  if (ancestors.some((origin) => origin === 'null' || siteOf(origin) !== own)) return true;
  if (typeof document.hasStorageAccess === 'function') {
    try {
      if (!(await document.hasStorageAccess())) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * Asks the origin's open tabs. Resolves with the answers so far as soon as one tab signed its user
 * out (the provider may remove this frame any moment: Glewlwyd does about 500 ms after its
 * `load`), else with every answer that came within the window.
 */
function askTabs(request: FrontChannelRequest): Promise<FrontChannelAnswer[]> {
  if (typeof BroadcastChannel !== 'function') return Promise.resolve([]);
  const channel = new BroadcastChannel(CHANNEL_NAME);
  const answers: FrontChannelAnswer[] = [];
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      channel.close();
      resolve(answers);
    };
    const timer = setTimeout(done, TAB_ANSWER_WINDOW_MS);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const answer = readFrontChannelAnswer(event.data, request.id);
      if (!answer) return;
      answers.push(answer);
      if (answer === 'signed-out') done();
    };
    channel.postMessage(request);
  });
}

/**
 * Runs on the RP's `frontchannel_logout_uri` page, which the provider loads in an iframe with
 * `iss` and `sid`. The user may be kept in another tab's `sessionStorage`, out of this frame's
 * reach, so the origin's open tabs are asked, and each signs its own matching user out
 * (`sign-out-remote`, `source: 'front-channel'`). Resolves `signed-out` when a matching user was
 * signed out; else `ignored` with why. Opened at top level rather than in a provider's frame (a
 * link anyone could send), it changes nothing: `not-framed`. Rejects with `invalid-config` for
 * bad options.
 */
export async function handleFrontChannelLogout(options: FrontChannelLogoutOptions): Promise<FrontChannelLogoutResult> {
  const resolved = resolveOptions({ mode: 'local', ...options });
  const { authority, clientId } = resolved;
  if (!authority || !clientId) {
    throw new SignOutError('invalid-config', 'handleFrontChannelLogout() needs authority and clientId.');
  }
  if (window.parent === window) return { status: 'ignored', reason: 'not-framed' };
  const params = new URLSearchParams(window.location.search);
  const blankless = (value: string | null) => (value?.trim() ? value : null);
  const iss = blankless(params.get('iss'));
  const sid = blankless(params.get('sid'));
  if (await isPartitioned()) return { status: 'ignored', reason: 'partitioned' };

  const request: FrontChannelRequest = {
    type: 'front-channel',
    id: crypto.randomUUID(),
    authority,
    clientId,
    iss,
    sid,
    clearing: sessionClearingOf(resolved),
    local: resolved.clearStorage.includes('local'),
  };
  // A user kept in localStorage is within this frame's reach: signed out at once, before the tabs
  // are asked, as is what the origin shares (Front-Channel Logout 1.0 §2: "any cookies and HTML5
  // local storage"). Nothing here waits on the frame living long.
  const local = webStorage('local');
  const here = matchStoredUser(local, request);
  const signOutShared = async () => {
    // What the origin shares is cleared once, here; each tab clears its own sessionStorage.
    markSignedOut({ authority, clientId, clearing: request.clearing });
    await clearStorage(
      resolved.clearStorage.filter((area) => area !== 'session'),
      resolved.keepStorage,
    );
  };
  if (here === 'match') {
    removeUserFrom(local, authority, clientId);
    const shared = signOutShared();
    // The tabs still drop the user from their own sessionStorage.
    await Promise.all([askTabs(request), shared]);
    return { status: 'signed-out' };
  }
  const answers = await askTabs(request);
  if (answers.includes('signed-out')) {
    await signOutShared();
    return { status: 'signed-out' };
  }
  const otherSession = here === 'other-session' || answers.includes('other-session');
  return { status: 'ignored', reason: otherSession ? 'other-session' : 'not-signed-in' };
}

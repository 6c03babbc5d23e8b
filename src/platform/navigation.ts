import { postForm } from './form-post.js';
import { checkHttpUrl } from '../core/url-policy.js';

/** A top-level navigation a sign-out ends with. */
export type TopLevelNavigation = { method: 'get'; url: string } | { method: 'post'; url: string; endpoint: string };

/**
 * Every top-level navigation the package makes goes through here, so that tests can watch
 * where a sign-out would go without leaving the test page.
 */
export const navigation = {
  assign(url: string): void {
    window.location.assign(url);
  },
  replace(url: string): void {
    window.location.replace(url);
  },
  /** A page back from the back/forward cache after a sign-out it missed. */
  reload(): void {
    window.location.reload();
  },
  /** The end-session request as a top-level form POST. */
  post(url: string, endpoint: string): void {
    postForm(url, endpoint, '_self');
  },
};

/** Throws `unsafe-url` unless every URL of `target` is `http(s)`: checked before `sign-out-complete`. */
export function checkNavigation(target: TopLevelNavigation): void {
  checkHttpUrl(target.url, 'The sign-out navigation');
  if (target.method === 'post') checkHttpUrl(target.endpoint, 'The end-session endpoint');
}

/** Makes a top-level navigation (to a target `checkNavigation()` accepted). */
export function go(target: TopLevelNavigation): void {
  if (target.method === 'post') navigation.post(target.url, target.endpoint);
  else navigation.assign(target.url);
}

import type { SignOutMethod } from './values.js';

/** Above this, a GET URL risks a 414/431 at servers and proxies; `auto` switches to POST. */
export const MAX_GET_URL_LENGTH = 2000;

/** The method `auto` (or a fixed one) comes to for this request URL. */
export function chooseMethod(method: SignOutMethod, url: string): 'get' | 'post' {
  if (method !== 'auto') return method;
  return url.length > MAX_GET_URL_LENGTH ? 'post' : 'get';
}

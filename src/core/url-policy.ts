import { SignOutError } from './errors.js';

/**
 * Resolves `value` against the page and checks that it is `http:`/`https:` and on the page's
 * origin or one of `allowedOrigins`; throws `unsafe-url` otherwise.
 */
export function checkSafeUrl(value: string, allowedOrigins: readonly string[], what: string): string {
  const url = httpUrl(value, what);
  if (url.origin !== window.location.origin && !allowedOrigins.includes(url.origin)) {
    throw new SignOutError(
      'unsafe-url',
      `${what} points to ${url.origin}, which is neither this page's origin nor listed in allowed-origins.`,
    );
  }
  return url.href;
}

/**
 * Resolves `value` against the page and checks that it is `http:` or `https:`; throws
 * `unsafe-url` otherwise. Every URL the package navigates to or loads passes through here,
 * wherever it came from (an attribute, a discovery document, storage): a `javascript:` URL would
 * run with the site's origin.
 */
export function checkHttpUrl(value: string, what: string): string {
  return httpUrl(value, what).href;
}

function httpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value, window.location.href);
  } catch {
    throw new SignOutError('unsafe-url', `${what} is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SignOutError('unsafe-url', `${what} must be an http: or https: URL, not ${url.protocol}.`);
  }
  return url;
}

/** Parses one entry of `allowed-origins` into its canonical origin form. */
export function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SignOutError(
      'invalid-config',
      `allowed-origins: "${value}" is not an origin such as https://example.com.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SignOutError('invalid-config', `allowed-origins: "${value}" must be an http: or https: origin.`);
  }
  return url.origin;
}

/**
 * The site of an origin (scheme and registrable part of the host), roughly: exact for IP addresses
 * and single labels, else the last two labels. What browsers partition frames and storage by.
 */
export function siteOf(origin: string): string {
  const { protocol, hostname } = new URL(origin);
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':') || !hostname.includes('.')) return `${protocol}//${hostname}`;
  return `${protocol}//${hostname.split('.').slice(-2).join('.')}`;
}

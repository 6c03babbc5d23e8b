/** A cookie as `document.cookie` shows it; a nameless one shows as its value alone. */
interface VisibleCookie {
  name: string;
  /** What to write to address it: `name=` or, for a nameless cookie, its value. */
  key: string;
}

function visibleCookies(): VisibleCookie[] {
  let cookies: string;
  try {
    cookies = document.cookie;
  } catch {
    return [];
  }
  return cookies
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const equals = pair.indexOf('=');
      // No "=": a nameless cookie (`Set-Cookie: value`), removed by writing its value again, expired.
      return equals === -1
        ? { name: '', key: pair }
        : { name: pair.slice(0, equals).trim(), key: `${pair.slice(0, equals)}=` };
    });
}

export function clearCookies(keep: (key: string) => boolean): void {
  const expired = 'expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0';
  // A Secure cookie is only removed by a write with Secure (a prefixed one only accepted so), and
  // some engines refuse Secure writes on http://localhost, so both kinds of write are made.
  const secureWrites = window.isSecureContext ? ['', '; secure'] : [''];
  const paths = cookiePaths(window.location.pathname);
  const domains = ['', ...cookieDomains(window.location.hostname)];
  for (const cookie of visibleCookies()) {
    if (cookie.name && keep(cookie.name)) continue;
    if (/^__(Host|Secure)-/i.test(cookie.name)) {
      // __Host- cookies have Path=/ and no Domain, by definition; both prefixes need Secure.
      const scopes = /^__Host-/i.test(cookie.name) ? ['; path=/'] : scopesOf(paths, domains);
      for (const scope of scopes) writeCookie(`${cookie.key}; ${expired}${scope}; secure`);
      continue;
    }
    // A cookie is only removed by the path and domain it was set with: try each that could apply.
    for (const scope of scopesOf(paths, domains)) {
      for (const secure of secureWrites) writeCookie(`${cookie.key}; ${expired}${scope}${secure}`);
    }
  }
}

/** `; path=…` and `; domain=…` for every path and domain a visible cookie may have been set with. */
function scopesOf(paths: readonly string[], domains: readonly string[]): string[] {
  return paths.flatMap((path) => domains.map((domain) => `; path=${path}${domain ? `; domain=${domain}` : ''}`));
}

function writeCookie(text: string): void {
  try {
    document.cookie = text;
  } catch {
    // Cookies blocked (sandboxed frame): nothing to clear.
  }
}

/** Every path a cookie visible here may have been set with: each prefix, with and without its `/`. */
function cookiePaths(pathname: string): string[] {
  const paths = new Set(['/']);
  let prefix = '';
  for (const segment of pathname.split('/').slice(1)) {
    if (!segment) continue;
    prefix += `/${segment}`;
    paths.add(prefix);
    paths.add(`${prefix}/`);
  }
  return [...paths];
}

function cookieDomains(hostname: string): string[] {
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':')) return [];
  const labels = hostname.split('.');
  return labels.slice(0, -1).map((_, index) => `.${labels.slice(index).join('.')}`);
}

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
  // A cookie is only removed by the path and domain it was set with: each that could apply is tried.
  const domains = ['', ...cookieDomains(window.location.hostname)];
  const scopes = cookiePaths(window.location.pathname).flatMap((path) =>
    domains.map((domain) => `; path=${path}${domain ? `; domain=${domain}` : ''}`),
  );
  for (const { name, key } of visibleCookies()) {
    if (name && keep(name)) continue;
    // __Host- cookies have Path=/ and no Domain, by definition; both prefixes need Secure.
    const prefixed = /^__(Host|Secure)-/i.test(name);
    for (const scope of /^__Host-/i.test(name) ? ['; path=/'] : scopes) {
      for (const secure of prefixed ? ['; secure'] : secureWrites) writeCookie(`${key}; ${expired}${scope}${secure}`);
    }
  }
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

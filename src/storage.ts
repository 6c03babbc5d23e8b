/** The storages `clear-storage` can name. */
export type StorageArea = 'local' | 'session' | 'cookies';

/**
 * The page's `localStorage` or `sessionStorage`, or `null` where touching it throws
 * (blocked storage, sandboxed frames): such a storage is skipped, not fatal.
 */
export function webStorage(area: 'local' | 'session'): Storage | null {
  try {
    const storage = area === 'local' ? window.localStorage : window.sessionStorage;
    void storage.length;
    return storage;
  } catch {
    return null;
  }
}

/** Turns `keep-storage` patterns (`*` is a wildcard) into one matcher. */
export function keyMatcher(patterns: readonly string[]): (key: string) => boolean {
  const expressions = patterns.map((pattern) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`));
  return (key) => expressions.some((expression) => expression.test(key));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Clears the named storages, leaving the keys `keep` matches. Never throws. */
export function clearStorage(areas: readonly StorageArea[], keep: (key: string) => boolean): void {
  for (const area of areas) {
    if (area === 'cookies') clearCookies(keep);
    else clearWebStorage(webStorage(area), keep);
  }
}

function clearWebStorage(storage: Storage | null, keep: (key: string) => boolean): void {
  if (!storage) return;
  try {
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index));
    for (const key of keys) {
      if (key !== null && !keep(key)) storage.removeItem(key);
    }
  } catch {
    // A storage that starts throwing half-way is skipped like one that throws at once.
  }
}

function clearCookies(keep: (key: string) => boolean): void {
  let cookies: string;
  try {
    cookies = document.cookie;
  } catch {
    return;
  }
  const names = cookies
    .split(';')
    .map((pair) => pair.split('=')[0].trim())
    .filter((name) => name && !keep(name));
  // A cookie is only removed by the path and domain it was set with: try each that could apply.
  const paths = cookiePaths(window.location.pathname);
  const domains = ['', ...cookieDomains(window.location.hostname)];
  const expired = 'expires=Thu, 01 Jan 1970 00:00:00 GMT';
  for (const name of names) {
    for (const path of paths) {
      for (const domain of domains) {
        document.cookie = `${name}=; ${expired}; path=${path}${domain ? `; domain=${domain}` : ''}`;
      }
    }
  }
}

function cookiePaths(pathname: string): string[] {
  const segments = pathname.split('/').filter(Boolean);
  const paths = ['/'];
  for (let index = 1; index <= segments.length; index += 1) {
    paths.push(`/${segments.slice(0, index).join('/')}`);
  }
  return paths;
}

function cookieDomains(hostname: string): string[] {
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':')) return [];
  const labels = hostname.split('.');
  return labels.slice(0, -1).map((_, index) => `.${labels.slice(index).join('.')}`);
}

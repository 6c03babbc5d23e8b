import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin, ViteDevServer } from 'vite';

/** The demo site's own session cookie, which `/site/login` starts and `/site/logout` ends. */
const SITE_COOKIE = 'demo_site_session';
/** Who is signed in, per site session and app (the SPA, the CMS pages), in memory as the provider's sessions. */
const siteSessions = new Map<string, { spa?: string; cms?: string }>();
const FAVICON = readFileSync(new URL('./favicon.svg', import.meta.url), 'utf8');

function siteSessionId(request: IncomingMessage): string | null {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === SITE_COOKIE) return value.join('=');
  }
  return null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Only a page of this site: never an open redirect. The value is resolved as a browser would
 * (`/\\evil.example` and `/%09/evil.example` are other hosts to a browser), and the answer is an
 * absolute URL on `origin`, the site's own: a path that starts with two slashes (`/.//evil.example`
 * resolves to `//evil.example`) would send a browser to another host.
 */
export function localUrl(value: string | null, origin: string, fallback: string): string {
  const base = new URL(origin);
  let url = new URL(fallback, base);
  if (value) {
    try {
      const resolved = new URL(value, base);
      if (resolved.origin === base.origin) url = resolved;
    } catch {
      // Not a URL: the fallback.
    }
  }
  return new URL(`/${url.pathname.replace(/^\/+/, '')}${url.search}${url.hash}`, base).href;
}

function login(request: IncomingMessage, response: ServerResponse): void {
  const host = request.headers.host ?? '';
  const origin = `http://${/^[\w.-]+(:\d+)?$/.test(host) ? host : '127.0.0.1'}`;
  const query = new URL(request.url ?? '/', origin).searchParams;
  const target = localUrl(query.get('return'), origin, '/demo/');
  const known = siteSessionId(request);
  const id = known !== null && siteSessions.has(known) ? known : randomUUID();
  // The name the app's sign-in callback read from the ID token, which the site's pages show.
  const app = query.get('app') === 'cms' ? 'cms' : 'spa';
  siteSessions.set(id, { ...siteSessions.get(id), [app]: (query.get('name') ?? '').slice(0, 100) || 'someone' });
  response.statusCode = 302;
  response.setHeader('Set-Cookie', `${SITE_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
  response.setHeader('Location', target);
  response.end();
}

function logout(request: IncomingMessage, response: ServerResponse): void {
  const id = siteSessionId(request);
  const users = id === null ? undefined : siteSessions.get(id);
  const user = users?.cms ?? users?.spa;
  if (id !== null) siteSessions.delete(id);
  response.setHeader('Set-Cookie', `${SITE_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Signed out of the site</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/demo/demo.css"></head>
<body>
  <main class="demo site-page">
    <div class="card">
      <p class="eyebrow">The site's own logout URL, /site/logout</p>
      <h1 id="site-signed-out">You are signed out of the site.</h1>
      <p id="site-session">${id !== null ? 'The site session was active and has been ended.' : 'There was no site session.'}</p>
      ${user ? `<p id="site-user" class="muted">It was ${escapeHtml(user)}'s.</p>` : ''}
      <p><a href="/demo/cms/">Back to the CMS page</a> · <a href="/demo/">the SPA page</a></p>
    </div>
  </main>
</body>
</html>`);
}

/** Who the CMS pages say is signed in, from the site session, as a CMS's server renders it (no script). */
function siteUserHtml(request: IncomingMessage): string {
  const id = siteSessionId(request);
  const user = id === null ? undefined : siteSessions.get(id)?.cms;
  return user
    ? `<span class="badge good">Signed in</span> to the site as <b>${escapeHtml(user)}</b>`
    : '<span class="badge">Nobody</span> is signed in to the site';
}

/** The CMS pages, rendered per request: the site session's user in `%SITE_USER%`. */
const CMS_PAGES: Record<string, string> = {
  '/demo/cms/': 'demo/cms/index.html',
  '/demo/cms/index.html': 'demo/cms/index.html',
  '/demo/cms/classic.html': 'demo/cms/classic.html',
};

function cmsPages(server: ViteDevServer) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const path = (request.url ?? '').split('?')[0];
    const file = CMS_PAGES[path];
    if (!file || request.method !== 'GET') return next();
    const source = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    server
      .transformIndexHtml(path, source, request.url)
      .then((html) => {
        response.setHeader('Content-Type', 'text/html; charset=utf-8');
        response.setHeader('Cache-Control', 'no-store');
        const id = siteSessionId(request);
        const signedIn = id !== null && Boolean(siteSessions.get(id)?.cms);
        // Signed in: the page offers no Sign in.
        const page = html.replaceAll('%SITE_USER%', siteUserHtml(request));
        response.end(signedIn ? page.replace('<p class="sign-in">', '<p class="sign-in" hidden>') : page);
      })
      .catch(next);
  };
}

function favicon(response: ServerResponse): void {
  response.setHeader('Content-Type', 'image/svg+xml');
  response.setHeader('Cache-Control', 'max-age=86400');
  response.end(FAVICON);
}

/**
 * The demo site's server side, in the Vite dev server: `/site/login` and `/site/logout` (the
 * site's own logout URL of the hosted-site pattern), the CMS pages with the site session's user,
 * `/favicon.ico`, and `%DEMO_ISSUER%` in pages replaced by the
 * provider's issuer (read per request, so tests can start the provider on any port), `%DEMO_PROVIDER%`
 * by the real provider's name (`npm start -- --provider glewlwyd`), empty for the embedded one.
 */
export function demoSite(): Plugin {
  return {
    name: 'sign-out-button-demo-site',
    transformIndexHtml: (html) =>
      html
        .replaceAll('%DEMO_ISSUER%', process.env.DEMO_ISSUER ?? 'http://127.0.0.1:4000')
        .replaceAll('%DEMO_PROVIDER%', process.env.DEMO_PROVIDER ?? ''),
    configureServer(server) {
      // `/` and `/demo` lead to the demo.
      server.middlewares.use((request, response, next) => {
        if (request.url !== '/' && request.url !== '/demo') return next();
        response.statusCode = 302;
        response.setHeader('Location', '/demo/');
        response.end();
      });
      server.middlewares.use('/site/login', login);
      server.middlewares.use('/site/logout', logout);
      server.middlewares.use(cmsPages(server));
      // One icon for every page, asked for at the site's root as browsers do.
      server.middlewares.use((request, response, next) =>
        request.url === '/favicon.ico' || request.url === '/favicon.svg' ? favicon(response) : next(),
      );
    },
  };
}

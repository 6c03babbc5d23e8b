import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/** The demo site's own session cookie, which `/site/login` starts and `/site/logout` ends. */
const SITE_COOKIE = 'demo_site_session';

function hasSiteSession(request: IncomingMessage): boolean {
  return (request.headers.cookie ?? '').split(';').some((pair) => pair.trim().startsWith(`${SITE_COOKIE}=`));
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
  const target = localUrl(new URL(request.url ?? '/', origin).searchParams.get('return'), origin, '/demo/');
  response.statusCode = 302;
  response.setHeader('Set-Cookie', `${SITE_COOKIE}=${randomUUID()}; Path=/; HttpOnly; SameSite=Lax`);
  response.setHeader('Location', target);
  response.end();
}

function logout(request: IncomingMessage, response: ServerResponse): void {
  const ended = hasSiteSession(request);
  response.setHeader('Set-Cookie', `${SITE_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Signed out of the site</title></head>
<body>
  <h1 id="site-signed-out">You are signed out of the site.</h1>
  <p id="site-session">${ended ? 'The site session was active and has been ended.' : 'There was no site session.'}</p>
  <p><a href="/demo/cms/">Back to the CMS page</a> · <a href="/demo/">the SPA page</a></p>
</body>
</html>`);
}

/**
 * The demo site's server side, in the Vite dev server: `/site/login` and `/site/logout` (the
 * site's own logout URL of the hosted-site pattern), and `%DEMO_ISSUER%` in pages replaced by the
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
    },
  };
}

// A static site as a web host serves it: files from directories, each response with the headers a
// test asks for (a Content-Security-Policy), on 127.0.0.1 with a free port; a provider whose client
// is registered for it; and a signed-in user put into a browser context. For the pages that must
// be exactly what a site serves (no dev server's injected script): the Hugo site, the CSP pages.
import { once } from 'node:events';
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { demoClient, startProvider } from '../../../demo/provider.mjs';
import { providerSignIn } from './provider-session.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
};

/**
 * Serves `mounts` (`{ '/url/prefix/': '/directory' }`, longest prefix first); a path ending in `/`
 * is its `index.html`. `headers(url)` adds headers to each answer. Resolves `{ origin, close }`.
 */
export async function serveStatic(mounts, { headers = () => ({}) } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://site');
    const prefix = prefixes.find((candidate) => url.pathname.startsWith(candidate));
    const relative = prefix === undefined ? null : normalize(decodeURIComponent(url.pathname.slice(prefix.length)));
    let file = relative === null || relative.startsWith('..') ? null : join(mounts[prefix], relative);
    try {
      if (file && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!file || !statSync(file).isFile()) file = null;
    } catch {
      file = null;
    }
    const extra = headers(url);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain', ...extra }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...extra,
    });
    createReadStream(file).pipe(response);
  });
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The real provider, its client `demo-spa` registered for `origin`'s `callback` and `returnPaths`. */
export function providerFor(origin, { callback = '/callback/', returnPaths = ['/signed-out/'] } = {}) {
  return startProvider({
    port: 0,
    pagesOrigins: [origin],
    clients: [
      demoClient([origin], {
        redirect_uris: [`${origin}${callback}`],
        post_logout_redirect_uris: returnPaths.map((path) => `${origin}${path}`),
      }),
    ],
  });
}

/**
 * Signs `login` in at `op` (a real provider session, the code flow run in Node) and gives `page`'s
 * context the provider's cookies and its origin's sessionStorage the user as oidc-client-ts stores
 * it, through the inert page `probePath` of `origin`.
 */
export async function signInAt(
  page,
  op,
  origin,
  { callback = '/callback/', probePath = '/probe.html', login = 'alice' } = {},
) {
  const { cookies, storageKey, user } = await providerSignIn({
    issuer: op.issuer,
    redirectUri: `${origin}${callback}`,
    login,
  });
  await page.context().addCookies(cookies);
  await page.goto(`${origin}${probePath}`);
  await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [storageKey, user]);
  return storageKey;
}

// The RP side of the interop tests: the repo's pages through Vite on a free port, and browser
// sessions that know their provider and client through window.__E2E__.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/browsers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The paths of the interop RP pages (test/interop/pages/), as `clients` entries for start(). */
export const INTEROP_PATHS = {
  redirectPath: '/test/interop/pages/callback.html',
  postLogoutPath: '/test/interop/pages/signed-out.html',
  frontChannelPath: '/test/interop/pages/front-channel.html',
};

/** Serves the repo's pages with Vite on a free port of 127.0.0.1; `origin` names it by `host`. */
export async function startRp(host = '127.0.0.1') {
  const server = await createServer({
    root,
    configFile: `${root}vite.config.ts`,
    logLevel: 'error',
    // No HMR: its WebSocket would only add noise; `*.localhost` names may reach it through a proxy.
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, allowedHosts: ['.localhost'] },
    optimizeDeps: { entries: ['test/interop/pages/*.html'] },
  });
  await server.listen();
  const { port } = server.httpServer.address();
  return { origin: `http://${host}:${port}`, target: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export function launchChromium() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("No Chromium: install Debian's chromium (apt-get install -y chromium).");
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context for `op`'s client `clientIndex`: its pages get window.__E2E__, and
 * what they pass to window.__record lands in `log`. Close it with `close()`.
 */
export async function openSession(browser, op, clientIndex = 0) {
  const context = await browser.newContext();
  const log = [];
  await context.exposeBinding('__record', (_source, entry) => void log.push(entry));
  await context.addInitScript(
    (config) => {
      window.__E2E__ = config;
    },
    { issuer: op.issuer, clientId: op.clients[clientIndex].clientId },
  );
  const page = await context.newPage();
  const navigations = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push({ at: Date.now(), url: frame.url() });
  });
  return { context, page, log, navigations, close: () => context.close() };
}

/** Opens the RP app and presses its Sign in button; resolves once the provider's page shows. */
export async function startSignIn(page, rpOrigin) {
  await page.goto(`${rpOrigin}/test/interop/pages/app.html`);
  await page.waitForSelector('body[data-ready]');
  await page.click('#sign-in');
  await page.waitForURL((url) => url.origin !== rpOrigin);
  await page.waitForLoadState('load');
}

/** Signs in through the provider's real form; resolves with the name the RP app shows. */
export async function signIn(page, op, rpOrigin) {
  await startSignIn(page, rpOrigin);
  await op.signInForm(page);
  await page.waitForURL(`${rpOrigin}/test/interop/pages/app.html`);
  await page.waitForSelector('#who:not(:text-is("nobody"))');
  return page.textContent('#who');
}

/** The claims of a JWT, unverified. */
export const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/**
 * Posts `message` ("client_id session_state") to the provider's check_session_iframe, framed by
 * `page`, and resolves with its answer ("unchanged", "changed", "error") or "no answer".
 */
export function askCheckSession(page, checkSessionUrl, message, timeoutMs = 3000) {
  return page.evaluate(
    async ({ url, message, timeoutMs }) => {
      let frame = document.querySelector(`iframe[src="${url}"]`);
      if (!frame) {
        frame = Object.assign(document.createElement('iframe'), { src: url, hidden: true });
        const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
        document.body.append(frame);
        await loaded;
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve('no answer'), timeoutMs);
        window.addEventListener('message', function answer(event) {
          if (event.source !== frame.contentWindow) return;
          window.removeEventListener('message', answer);
          clearTimeout(timer);
          resolve(event.data);
        });
        frame.contentWindow.postMessage(message, new URL(url).origin);
      });
    },
    { url: checkSessionUrl, message, timeoutMs },
  );
}

// The end-to-end stack: a real oidc-provider and the Vite dev server, both on 127.0.0.1 with
// free ports, and headless Chromium driven by playwright-core. Everything is started and stopped
// by the test file that uses it.
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { demoClient, startProvider } from '../../../demo/provider.mjs';
import { CHROMIUM_AS_SHIPPED, findChromium } from '../../../scripts/browsers.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts the page server on `host` (a free port), with more Vite `plugins` if given. */
export async function startPages(host = '127.0.0.1', plugins = []) {
  const server = await createServer({
    root,
    configFile: `${root}vite.config.ts`,
    logLevel: 'error',
    // No HMR: its WebSocket would keep every page out of the back/forward cache.
    server: { host, port: 0, strictPort: false, hmr: false },
    plugins,
  });
  await server.listen();
  const { port } = server.httpServer.address();
  return { origin: `http://${host}:${port}`, close: () => server.close() };
}

/**
 * Starts pages (on `pagesHost`: `localhost` makes them cross-site with the provider), provider and
 * browser. Other options go to `startProvider` (e.g. `{ rpInitiatedLogout: false }`).
 */
export async function startStack({ pagesHost = '127.0.0.1', frontChannel = false, ...providerOptions } = {}) {
  const pages = await startPages(pagesHost);
  // With frontChannel, the client has a front-channel logout page: the provider loads it when its session ends.
  const client = frontChannel
    ? demoClient([pages.origin], { frontchannel_logout_uri: `${pages.origin}/test/e2e/pages/front-channel.html` })
    : undefined;
  const op = await startProvider({
    port: 0,
    pagesOrigins: [pages.origin],
    ...(client ? { clients: [client] } : {}),
    ...providerOptions,
  });
  // The demo pages name their provider as %DEMO_ISSUER%, replaced per request (demo/site-plugin.ts).
  process.env.DEMO_ISSUER = op.issuer;
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium: run the tests through `npm test`, which finds or installs it.');
  // As people's Chromium runs: back/forward cache and third-party storage partitioning on.
  const browser = await chromium.launch({ executablePath, headless: true, ...CHROMIUM_AS_SHIPPED });
  return {
    pages,
    op,
    browser,
    pagesUrl: (path) => `${pages.origin}/test/e2e/pages/${path}`,
    demoUrl: (path) => `${pages.origin}/demo/${path}`,
    async stop() {
      await atMost(browser.close(), 15000);
      await atMost(op.close(), 10000);
      await atMost(pages.close(), 10000);
    },
  };
}

/**
 * Starts a stack before the tests of the enclosing `describe` and stops it after them. The
 * returned object becomes the stack once started.
 */
export function useStack(providerOptions) {
  const stack = {};
  before(async () => {
    Object.assign(stack, await startStack(providerOptions));
  });
  after(async () => {
    await stack.stop?.();
  });
  return stack;
}

/** Resolves once `promise` settles or `ms` passed; a close that hangs must not hold the run. */
const atMost = (promise, ms) =>
  Promise.race([promise.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms).unref())]);

/**
 * Runs `test(session)` in a fresh session, closing it whatever happens. Playwright's context
 * close can hang while a page's request is still held by a server: it gets 10 s, then the
 * browser's own close at the end of the file ends it.
 */
export async function withSession(stack, test) {
  const session = await openSession(stack);
  try {
    return await test(session);
  } finally {
    await atMost(session.close(), 10000);
  }
}

/**
 * A fresh browser context (its own cookies and storage) whose pages know the provider and report
 * every sign-out event and return-page result into `log`, across navigations.
 */
export async function openSession(stack, { issuer = stack.op.issuer, clientId = 'demo-spa' } = {}) {
  const context = await stack.browser.newContext();
  const log = [];
  await context.exposeBinding('__record', (_source, entry) => void log.push(entry));
  await context.addInitScript(
    (config) => {
      window.__E2E__ = config;
    },
    { issuer, clientId },
  );
  const page = await context.newPage();
  const topLevel = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) topLevel.push(frame.url());
  });
  return { context, page, log, topLevel, close: () => context.close() };
}

/** Signs in through the provider's own login form; resolves once the app shows the user. */
export async function signIn(stack, page, login = 'alice') {
  await page.goto(stack.pagesUrl('app.html'));
  await page.waitForSelector('body[data-ready]');
  await page.click('#sign-in');
  await page.waitForSelector('input[name=login]');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any password');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/app\.html/);
  await page.waitForSelector(`#who:text("${login}")`);
}

/** Sets attributes on the page's `<sign-out-button>` (null removes one). */
export async function configureButton(page, attributes) {
  await page.evaluate((entries) => {
    const button = document.querySelector('sign-out-button');
    for (const [name, value] of entries) {
      if (value === null) button.removeAttribute(name);
      else button.setAttribute(name, value);
    }
  }, Object.entries(attributes));
}

/** Waits until `log` holds an entry of `type`, and returns it. */
export async function waitForEntry(log, type, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const entry = log.find((item) => item.type === type);
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No "${type}" entry within ${timeoutMs} ms; log: ${JSON.stringify(log.map((item) => item.type))}`);
}

/** The end-session requests the provider received, newest last. */
export function endSessionRequests(op) {
  return op.requests.filter((request) => request.path === op.endSessionPath);
}

/** The discovery-document requests the provider received. */
export function discoveryRequests(op) {
  return op.requests.filter((request) => request.path === '/.well-known/openid-configuration');
}

/** Collects the URLs of the page's requests whose path matches `pattern`, from now on. */
export function watchRequests(page, pattern) {
  const urls = [];
  page.on('request', (request) => {
    if (pattern.test(new URL(request.url()).pathname)) urls.push(request.url());
  });
  return urls;
}

/** The next sign-in asks for credentials only if the provider session really ended. */
export async function providerAsksForCredentials(stack, page, login = 'alice') {
  await page.goto(stack.pagesUrl('app.html'));
  await page.waitForSelector('body[data-ready]');
  await page.click('#sign-in');
  const shown = await Promise.race([
    page.waitForSelector('input[name=login]').then(() => 'login form'),
    page.waitForSelector(`#who:text("${login}")`).then(() => 'signed in silently'),
  ]);
  return shown === 'login form';
}

/** The sign-out events that end a sign-out. */
export const terminalEvents = (log) =>
  log.filter((entry) => ['sign-out-complete', 'sign-out-error'].includes(entry.type));

// The end-to-end stack: a real oidc-provider and the Vite dev server, both on 127.0.0.1 with
// free ports, and headless Chromium driven by playwright-core. One stack serves a whole test file:
// `useStack()` at the top of the file starts it before the file's tests and stops it after them,
// each describe says how its provider behaves (`stack.use({...})`), and each test gets a fresh
// browser context. A describe may instead have a stack of its own (`stack.describe`: its own pages
// and provider, the file's browser), so that such describes can run side by side. Everything is
// started and stopped by the test file that uses it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer, optimizeDeps, resolveConfig } from 'vite';
import { demoClient, startProvider } from '../../../demo/provider.mjs';
import { CHROMIUM_AS_SHIPPED, findChromium } from '../../../scripts/browsers.mjs';
import { after, afterEach, before, describe } from './node-test.mjs';
import { registerChildGroups } from './processes.mjs';
import { providerSignIn } from './provider-session.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Vite's dependency cache, filled once before the tests (`npm test`); each server reads a copy. */
const SHARED_VITE_CACHE = join(root, 'node_modules/.vite');

/**
 * Starts the page server on `host` (a free port), with more Vite `plugins` if given. It has its own
 * copy of Vite's dependency cache: servers running side by side never write the same cache.
 */
export async function startPages(host = '127.0.0.1', plugins = []) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'sign-out-button-vite-'));
  if (existsSync(join(SHARED_VITE_CACHE, 'deps/_metadata.json')))
    cpSync(join(SHARED_VITE_CACHE, 'deps'), join(cacheDir, 'deps'), { recursive: true });
  const server = await createServer({
    root,
    configFile: `${root}vite.config.ts`,
    cacheDir,
    logLevel: 'error',
    // No HMR: its WebSocket would keep every page out of the back/forward cache.
    server: { host, port: 0, strictPort: false, hmr: false },
    plugins,
  });
  await server.listen();
  const { port } = server.httpServer.address();
  return {
    origin: `http://${host}:${port}`,
    close: async () => {
      await atMost(server.close(), 10000);
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/**
 * Fills Vite's shared dependency cache (node_modules/.vite) once, as a page server would, so that
 * the servers of test files running side by side start from it and none of them writes it.
 */
export async function prepareViteCache() {
  // Resolved as createServer resolves it, so that the servers find the cache valid as it is.
  const config = await resolveConfig(
    {
      root,
      configFile: `${root}vite.config.ts`,
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    },
    'serve',
  );
  await optimizeDeps(config);
}

/** Headless Chromium as people's Chromium runs, unless other launch `options` are given. */
export async function launchChromium(options = CHROMIUM_AS_SHIPPED) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium: run the tests through `npm test`, which finds or installs it.');
  const browser = await chromium.launch({ executablePath, headless: true, ...options });
  // Its process group is noted, so that `npm test` ends it even if this file is killed.
  registerChildGroups();
  return browser;
}

/**
 * `%DEMO_ISSUER%` in the pages of these servers replaced by `holder.issuer`, before the demo
 * site's plugin would put in `process.env.DEMO_ISSUER` (one for the whole process): stacks side by
 * side each name their own provider.
 */
const issuerPlugin = (holder) => ({
  name: 'e2e-stack-issuer',
  transformIndexHtml: {
    order: 'pre',
    handler: (html) => (holder.issuer ? html.replaceAll('%DEMO_ISSUER%', holder.issuer) : html),
  },
});

/**
 * Starts pages (on each of `hosts`: `localhost` makes them cross-site with the provider), provider
 * and browser (as people's Chromium runs: back/forward cache and storage partitioning on), unless
 * a `browser` is given (it is then the caller's to close). The stack's pages are those on
 * `hosts[0]` until `configure` picks others; options other than `hosts` go to `startProvider`
 * (e.g. `{ rpInitiatedLogout: false }`); `plugins` are more Vite plugins for the page servers (a
 * test's own faults or headers).
 */
export async function startStack({
  hosts = ['127.0.0.1'],
  plugins: ownPlugins = [],
  browser: shared,
  ...providerOptions
} = {}) {
  const servers = {};
  const origins = () => Object.values(servers).map((server) => server.origin);
  const issuer = { issuer: null };
  const plugins = [issuerPlugin(issuer), ...ownPlugins];
  let pagesHost = hosts[0];
  let op = null;
  let browser = shared;
  try {
    for (const host of hosts) servers[host] = await startPages(host, plugins);
    op = await startProvider({ port: 0, pagesOrigins: origins(), ...providerOptions });
    issuer.issuer = op.issuer;
    browser ??= await launchChromium();
  } catch (error) {
    // What did start is stopped: a stack that failed to start leaves nothing listening.
    await atMost(op?.close() ?? Promise.resolve(), 10000);
    await Promise.all(Object.values(servers).map((server) => server.close()));
    throw error;
  }
  // The demo pages name their provider as %DEMO_ISSUER%, replaced per request (demo/site-plugin.ts);
  // a page server of this stack puts in this provider's (issuerPlugin), other code may read this.
  process.env.DEMO_ISSUER = op.issuer;
  let ownOp = null;
  const stack = {
    browser,
    get pages() {
      return servers[pagesHost];
    },
    get op() {
      return ownOp ?? op;
    },
    pagesUrl: (path) => `${servers[pagesHost].origin}/test/e2e/pages/${path}`,
    demoUrl: (path) => `${servers[pagesHost].origin}/demo/${path}`,
    /**
     * From now on: the pages on `pagesHost` (started if need be), and the provider behaving as
     * `startProvider(options)` would; `frontChannel` gives the client a front-channel logout page.
     */
    async configure({ pagesHost: host = hosts[0], frontChannel = false, ...options } = {}) {
      // `frontChannel: true` frames the test pages' front-channel page; a string names another page.
      const frontChannelPage = typeof frontChannel === 'string' ? frontChannel : 'front-channel.html';
      servers[host] ??= await startPages(host, plugins);
      pagesHost = host;
      // The provider loads the client's front-channel logout page when its session ends.
      const clients = frontChannel
        ? [
            demoClient(origins(), {
              frontchannel_logout_uri: `${servers[host].origin}/test/e2e/pages/${frontChannelPage}`,
            }),
          ]
        : undefined;
      op.configure({ pagesOrigins: origins(), ...(clients ? { clients } : {}), ...options });
    },
    /** A provider of its own (`stack.op` until `dropOwnProvider()`), for tests that stop it. */
    async ownProvider(options = {}) {
      ownOp = await startProvider({ port: 0, pagesOrigins: origins(), ...options });
    },
    async dropOwnProvider() {
      const closing = ownOp?.close();
      ownOp = null;
      if (closing) await atMost(closing, 10000);
    },
    /** The sessions open now: a test that failed or timed out may leave its own open. */
    sessions: new Set(),
    async closeSessions() {
      await Promise.all([...stack.sessions].map((session) => session.close()));
    },
    async stop() {
      await stack.closeSessions();
      if (!shared) await atMost(browser.close(), 15000);
      await stack.dropOwnProvider();
      await atMost(op.close(), 10000);
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
  return stack;
}

/** The stack of the `stack.describe` whose tests or hooks run now (see `useStack`). */
const describeStack = new AsyncLocalStorage();

/**
 * The file's stack: call it once, at the top of a test file. It starts before the file's tests
 * and stops after them (also when they fail or time out), and closes the sessions a test left
 * open after each test. Each describe calls `stack.use(options)`, which configures the stack for
 * its tests (`configure`'s options; `ownProvider: true` gives them a provider they may stop).
 *
 * `stack.describe(name, options, fn)` is a describe with a stack of its own instead: its pages and
 * provider start before its tests (configured as `use(options)` would) and stop after them, the
 * file's browser is shared (each test has its own context). `fn` gets that stack (`fn(stack)`),
 * and inside the describe's hooks and tests the file's `stack` is that stack too (a callback that
 * Playwright calls, e.g. a `waitForURL` predicate, is not inside them: it uses `fn`'s). Its tests run one after another; such describes run side by side when they sit in a
 * `describe(…, { concurrency })`, since none shares a provider, a page server or a context.
 */
export function useStack({ hosts, plugins } = {}) {
  const options = { ...(hosts ? { hosts } : {}), ...(plugins ? { plugins } : {}) };
  let browser = null;
  let fileStack = null;
  /** The browser all the file's stacks share, launched by the first stack that starts. */
  let launching = null;
  const sharedBrowser = () => (launching ??= launchChromium().then((launched) => (browser = launched)));
  /** The stack of the running describe: its own, or the file's. */
  const current = () => describeStack.getStore() ?? { started: fileStack };

  function configureHooks(holder, { ownProvider = false, ...configuration }) {
    before(async () => {
      await holder.started.configure(configuration);
      if (ownProvider) await holder.started.ownProvider();
    });
    if (ownProvider) after(() => holder.started?.dropOwnProvider());
  }

  let plainDescribes = 0;
  let ownDescribes = 0;
  function use(configuration = {}) {
    plainDescribes += 1;
    configureHooks(
      {
        get started() {
          return fileStack;
        },
      },
      configuration,
    );
  }

  function ownDescribe(name, configuration, fn) {
    ownDescribes += 1;
    const holder = { started: null };
    // Its tests one at a time, whatever the concurrency of the describe around it.
    describe(name, { concurrency: 1 }, () =>
      describeStack.run(holder, () => {
        before(async () => {
          holder.started = await startStack({ ...options, browser: await sharedBrowser() });
        });
        configureHooks(holder, configuration);
        afterEach(() => holder.started?.closeSessions());
        after(() => holder.started?.stop());
        fn(new Proxy({}, { get: (_target, name) => holder.started?.[name] }));
      }),
    );
  }

  // The file's own stack, unless all its describes have theirs (describes ran as they were declared).
  before(async () => {
    if (plainDescribes || !ownDescribes) fileStack = await startStack({ ...options, browser: await sharedBrowser() });
  });
  afterEach(() => fileStack?.closeSessions());
  after(async () => {
    await fileStack?.stop();
    // A launch still under way (a hook that timed out) is waited for, so that it is closed too.
    await atMost(launching ?? Promise.resolve(), 30000);
    if (browser) await atMost(browser.close(), 15000);
  });
  // The running describe's stack's properties once started; `use` and `describe` before that.
  return new Proxy(
    {},
    {
      get: (_target, name) => (name === 'use' ? use : name === 'describe' ? ownDescribe : current().started?.[name]),
    },
  );
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
    await session.close();
  }
}

/**
 * A fresh browser context (its own cookies and storage) whose pages know the provider and report
 * every sign-out event and return-page result into `log`, across navigations. `close()` is
 * bounded, and the file's stack closes the session after the test if the test did not.
 */
export async function openSession(stack, { issuer = stack.op.issuer, clientId = 'demo-spa' } = {}) {
  const context = await stack.browser.newContext();
  const session = {
    context,
    close: () => atMost(context.close(), 10000).finally(() => stack.sessions?.delete(session)),
  };
  stack.sessions?.add(session);
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
  return Object.assign(session, { page, log, topLevel });
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

/**
 * Signs `login` in at the real provider without its login form in the browser, for tests whose
 * subject is not the sign-in: the code flow runs in Node (a real provider session), the context
 * gets the provider's session cookies, and the page's sessionStorage the user as oidc-client-ts
 * stores it, before the app runs. Resolves once the app shows the user, as `signIn` does.
 */
export async function signedIn(stack, page, login = 'alice') {
  const { cookies, storageKey, user } = await providerSignIn({
    issuer: stack.op.issuer,
    redirectUri: stack.pagesUrl('callback.html'),
    login,
  });
  await page.context().addCookies(cookies);
  // An inert page of the app's origin, whose sessionStorage the app's page then finds in this tab.
  await page.goto(stack.pagesUrl('storage-probe.html'));
  await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [storageKey, user]);
  await page.goto(stack.pagesUrl('app.html'));
  await page.waitForSelector('body[data-ready]');
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

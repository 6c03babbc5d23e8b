// The same sign-outs in every engine (ENGINE=firefox or webkit; Chromium has the full Playwright
// suite): the built drop-in file against the real embedded provider, each result reported by the
// pages themselves with sendBeacon to the dev server, not read through a driver-only API.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { demoClient, startProvider } from '../../demo/provider.mjs';
import { after, afterEach, before, describe, it } from '../e2e/support/node-test.mjs';
import { startPages } from '../e2e/support/stack.mjs';
import { launch } from './support/driver.mjs';

const engine = process.env.ENGINE ?? 'firefox';

/** A Vite plugin that keeps what the pages beacon to /__smoke-results, by run. */
function smokeResults() {
  const entries = [];
  return {
    entries,
    plugin: {
      name: 'smoke-results',
      configureServer(server) {
        server.middlewares.use('/__smoke-results', (request, response) => {
          let body = '';
          request.on('data', (chunk) => (body += chunk));
          request.on('end', () => {
            entries.push(JSON.parse(body));
            response.statusCode = 204;
            response.end();
          });
        });
      },
    },
  };
}

/** Resolves once `promise` settles or `ms` passed; a close that hangs must not hold the run. */
const atMost = (promise, ms) =>
  Promise.race([promise.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms).unref())]);

/**
 * The file's pages (on 127.0.0.1, and on localhost once a describe asks for it), provider and
 * browser, started before its tests and stopped after them; each test opens its own tab of fresh
 * storage, closed after it. Each describe calls `stack.use(host, options)`: its pages' host, and
 * whether the client has a front-channel logout page.
 */
function useSmokeStack() {
  const results = smokeResults();
  const servers = {};
  let op = null;
  let browser = null;
  let host = '127.0.0.1';
  const stack = {
    results: results.entries,
    get pages() {
      return servers[host];
    },
    get op() {
      return op;
    },
    get browser() {
      return browser;
    },
    /** The tabs open now: a test that failed or timed out may leave its own open. */
    tabs: new Set(),
    use(pagesHost, { frontChannel = false } = {}) {
      before(async () => {
        servers[pagesHost] ??= await startPages(pagesHost, [results.plugin]);
        host = pagesHost;
        const origins = Object.values(servers).map((server) => server.origin);
        const client = demoClient(
          origins,
          frontChannel
            ? { frontchannel_logout_uri: `${servers[host].origin}/test/engines/pages/front-channel.html` }
            : {},
        );
        op.configure({ pagesOrigins: origins, clients: [client] });
        // A partitioned frame's report names no run: it is the only one of this describe.
        results.entries.length = 0;
      });
    },
  };
  before(async () => {
    servers[host] = await startPages(host, [results.plugin]);
    op = await startProvider({ port: 0, pagesOrigins: [servers[host].origin] });
    process.env.DEMO_ISSUER = op.issuer;
    browser = await launch(engine);
  });
  afterEach(() => Promise.all([...stack.tabs].map((tab) => atMost(tab.close(), 15000))));
  after(async () => {
    await Promise.all([...stack.tabs].map((tab) => atMost(tab.close(), 15000)));
    await atMost(browser?.close() ?? Promise.resolve(), 15000);
    await atMost(op?.close() ?? Promise.resolve(), 10000);
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });
  return stack;
}

const stack = useSmokeStack();

/** Runs `test` in a tab of fresh storage, with a run id; `entry(type)` waits for a page's report. */
async function inBrowser(stack, test) {
  const browser = await stack.browser.open();
  stack.tabs.add(browser);
  const run = randomUUID();
  // `anyRun`: a frame with partitioned storage cannot know its run (it is the only one of its describe).
  const entry = async (type, { timeoutMs = 15000, anyRun = false } = {}) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = stack.results.find((item) => (anyRun || item.run === run) && item.type === type);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seen = stack.results.filter((item) => item.run === run).map((item) => item.type);
    throw new Error(`no "${type}" report within ${timeoutMs} ms (saw ${JSON.stringify(seen)})`);
  };
  const appUrl = `${stack.pages.origin}/test/engines/pages/app.html?run=${run}`;
  try {
    await test({ browser, entry, appUrl, reports: () => stack.results.filter((item) => item.run === run) });
  } finally {
    await atMost(browser.close(), 15000);
    stack.tabs.delete(browser);
  }
}

async function signIn(browser, appUrl, login = 'alice') {
  await browser.goto(appUrl);
  await browser.waitForSelector('body[data-ready]');
  await browser.click('#sign-in');
  await browser.waitForSelector('input[name=login]');
  await browser.fill('input[name=login]', login);
  await browser.fill('input[name=password]', 'any password');
  await browser.click('button[type=submit]');
  await browser.waitForFunction(`() => document.getElementById('who')?.textContent === '${login}'`);
}

async function configure(browser, attributes) {
  await browser.waitForSelector('body[data-ready] sign-out-button');
  await browser.evaluate((entries) => {
    const button = document.querySelector('sign-out-button');
    for (const [name, value] of entries) button.setAttribute(name, value);
  }, Object.entries(attributes));
}

/**
 * The next sign-in shows the provider's login form only if its session really ended. What the
 * page shows is read until it is one or the other: a read that lands mid-navigation (the
 * provider's redirects, under load) is read again, never taken for an answer.
 */
async function providerAsksForCredentials(browser, appUrl) {
  await browser.goto(appUrl);
  await browser.waitForSelector('body[data-ready]');
  await browser.click('#sign-in');
  const shown = () =>
    browser
      .evaluate(() =>
        document.querySelector('input[name=login]')
          ? 'login form'
          : document.getElementById('who')?.textContent === 'alice'
            ? 'signed in'
            : null,
      )
      .catch(() => null);
  for (const deadline = Date.now() + 20000; Date.now() < deadline;) {
    const state = await shown();
    if (state) return state === 'login form';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `after Sign in, neither the login form nor the app showed within 20 s (at ${new URL(browser.url()).pathname})`,
  );
}

const terminal = (reports) => reports().filter((item) => ['sign-out-complete', 'sign-out-error'].includes(item.type));

describe(`${engine}: page and provider on the same site`, () => {
  stack.use('127.0.0.1');

  it('redirect: the provider session ends and the return page verifies the state', () =>
    inBrowser(stack, async ({ browser, entry, appUrl, reports }) => {
      await signIn(browser, appUrl);
      await configure(browser, { state: 'smoke' });
      await browser.click('sign-out-button');
      const complete = await entry('sign-out-complete');
      assert.equal(complete.detail.providerSession, 'redirecting');
      const completed = await entry('completed');
      assert.equal(completed.detail.state, 'smoke', 'the state came back and was verified');
      assert.equal(completed.page, '/test/engines/pages/signed-out.html');
      await browser.waitForSelector('#after');
      assert.equal(terminal(reports).length, 1);
      assert.equal(await providerAsksForCredentials(browser, appUrl), true, 'the provider session is gone');
    }));

  it('iframe (the CMS flow): ended, confirmed by the return page inside the frame', () =>
    inBrowser(stack, async ({ browser, entry, appUrl }) => {
      await signIn(browser, appUrl);
      // 30 s to confirm: under load the 5 s default can run out and fall back to a redirect.
      await configure(browser, { mode: 'iframe', timeout: '30000' });
      await browser.click('sign-out-button');
      const complete = await entry('sign-out-complete');
      assert.equal(complete.detail.providerSession, 'ended');
      await browser.waitForSelector('#after');
      assert.equal(await providerAsksForCredentials(browser, appUrl), true, 'the provider session is gone');
    }));

  it('popup: ended, confirmed by the return page inside the popup', () =>
    inBrowser(stack, async ({ browser, entry, appUrl }) => {
      await signIn(browser, appUrl);
      await configure(browser, { mode: 'popup', fallback: 'none' });
      await browser.click('sign-out-button');
      const complete = await entry('sign-out-complete');
      assert.equal(complete.detail.providerSession, 'ended');
      await browser.waitForSelector('#after');
      assert.equal(await providerAsksForCredentials(browser, appUrl), true, 'the provider session is gone');
    }));

  it('another tab of the site is told: it fires sign-out-remote', () =>
    inBrowser(stack, async ({ browser, entry, appUrl, reports }) => {
      await signIn(browser, appUrl);
      await browser.click('#open-tab');
      // The new tab reports itself ready (it listens) before the sign-out.
      await entry('tab-ready');
      await configure(browser, { mode: 'local' });
      await browser.click('sign-out-button');
      await entry('sign-out-complete');
      const remote = await entry('sign-out-remote');
      assert.deepEqual(remote.detail, { source: 'tab' });
      assert.equal(terminal(reports).length, 1);
    }));

  it('local: skipped, the stored user is gone and the provider session stays', () =>
    inBrowser(stack, async ({ browser, entry, appUrl }) => {
      await signIn(browser, appUrl);
      await configure(browser, { mode: 'local' });
      await browser.click('sign-out-button');
      const complete = await entry('sign-out-complete');
      assert.equal(complete.detail.providerSession, 'skipped');
      assert.deepEqual(complete.session, [], 'the stored user is gone');
      assert.equal(await providerAsksForCredentials(browser, appUrl), false, 'the provider was not asked');
    }));
});

describe(`${engine}: page cross-site to the provider (localhost and 127.0.0.1)`, () => {
  stack.use('localhost');

  it('iframe: not confirmed in the frame, so the fallback signs out at top level', () =>
    inBrowser(stack, async ({ browser, entry, appUrl }) => {
      await signIn(browser, appUrl);
      await configure(browser, { mode: 'iframe', timeout: '2000', state: 'cross' });
      await browser.click('sign-out-button');
      const complete = await entry('sign-out-complete');
      assert.equal(complete.detail.providerSession, 'redirecting', 'the hidden iframe could not confirm it');
      const completed = await entry('completed');
      assert.equal(completed.detail.state, 'cross');
      await browser.waitForSelector('#after');
      assert.equal(await providerAsksForCredentials(browser, appUrl), true, 'the provider session is gone');
    }));
});

/** Opens, by a real click, another tab where another app ends this provider session. */
async function endAtProvider(browser) {
  // The link gets its URL once the page has read the user and the provider's metadata.
  await browser.waitForSelector('#end-at-provider[href]');
  await browser.click('#end-at-provider');
}

/**
 * Another app ends the provider session; the provider's front-channel frame, partitioned, can reach
 * nothing of the site (not even its run id: hence any run) and answers so; no tab is signed out.
 */
const frameSaysPartitioned = (stack) =>
  inBrowser(stack, async ({ browser, entry, appUrl, reports }) => {
    await signIn(browser, appUrl);
    await endAtProvider(browser);
    const framed = await entry('front-channel', { anyRun: true });
    assert.deepEqual(framed.detail, { status: 'ignored', reason: 'partitioned' });
    assert.equal(
      reports().some((item) => item.type === 'sign-out-remote'),
      false,
    );
  });

describe(`${engine}: front-channel logout`, () => {
  describe('provider and pages same-site', () => {
    stack.use('127.0.0.1', { frontChannel: true });

    if (engine === 'webkit') {
      // Measured: WebKit partitions the frame of a page on another port of the same host (127.0.0.1:A
      // in 127.0.0.1:B), so it can reach nothing of the site; it must say so rather than sign out.
      it("another app ends the provider session: WebKit's frame is partitioned (another port) and says so", () =>
        frameSaysPartitioned(stack));
    } else {
      it("another app ends the provider session: the provider's frame signs this tab out", () =>
        inBrowser(stack, async ({ browser, entry, appUrl }) => {
          await signIn(browser, appUrl);
          await endAtProvider(browser);
          const framed = await entry('front-channel');
          assert.deepEqual(framed.detail, { status: 'signed-out' });
          const remote = await entry('sign-out-remote');
          assert.deepEqual(remote.detail, { source: 'front-channel' });
        }));
    }
  });

  describe('pages cross-site to the provider', () => {
    stack.use('localhost', { frontChannel: true });

    it('the frame is partitioned and says so instead of claiming success', () => frameSaysPartitioned(stack));
  });
});

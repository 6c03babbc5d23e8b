// The same sign-outs in every engine (ENGINE=firefox or webkit; Chromium has the full Playwright
// suite): the built drop-in file against the real embedded provider, each result reported by the
// pages themselves with sendBeacon to the dev server, not read through a driver-only API.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { demoClient, startProvider } from '../../demo/provider.mjs';
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

/** Pages (on `host`) and provider, started before the tests of the enclosing describe. */
function useSmokeStack(host, { frontChannel = false } = {}) {
  const stack = {};
  before(async () => {
    const results = smokeResults();
    const pages = await startPages(host, [results.plugin]);
    const client = demoClient(
      [pages.origin],
      frontChannel ? { frontchannel_logout_uri: `${pages.origin}/test/engines/pages/front-channel.html` } : {},
    );
    const op = await startProvider({ port: 0, pagesOrigins: [pages.origin], clients: [client] });
    process.env.DEMO_ISSUER = op.issuer;
    Object.assign(stack, { pages, op, results: results.entries });
  });
  after(async () => {
    await stack.op?.close();
    await stack.pages?.close();
  });
  return stack;
}

/** Runs `test` with a fresh browser and run id; `entry(type)` waits for a page's report. */
async function inBrowser(stack, test) {
  const browser = await launch(engine);
  const run = randomUUID();
  // `anyRun`: a frame with partitioned storage cannot know its run (it is the only one of its stack).
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
    await browser.close();
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

/** The next sign-in shows the provider's login form only if its session really ended. */
async function providerAsksForCredentials(browser, appUrl) {
  await browser.goto(appUrl);
  await browser.waitForSelector('body[data-ready]');
  await browser.click('#sign-in');
  await browser.waitForFunction(
    "() => document.querySelector('input[name=login]') !== null || document.getElementById('who')?.textContent === 'alice'",
  );
  return browser.evaluate(() => document.querySelector('input[name=login]') !== null);
}

const terminal = (reports) => reports().filter((item) => ['sign-out-complete', 'sign-out-error'].includes(item.type));

describe(`${engine}: page and provider on the same site`, () => {
  const stack = useSmokeStack('127.0.0.1');

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
      await configure(browser, { mode: 'iframe' });
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
      // The new tab reports itself ready (its first report) before the sign-out.
      await new Promise((resolve) => setTimeout(resolve, 1500));
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
  const stack = useSmokeStack('localhost');

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
    const stack = useSmokeStack('127.0.0.1', { frontChannel: true });

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
    const stack = useSmokeStack('localhost', { frontChannel: true });

    it('the frame is partitioned and says so instead of claiming success', () => frameSaysPartitioned(stack));
  });
});

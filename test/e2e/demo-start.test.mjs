import assert from 'node:assert/strict';
import { CHROMIUM_ARGS, freePort } from '../../scripts/browsers.mjs';
import { after, before, describe, it } from './support/node-test.mjs';
import { spawnDetached } from './support/processes.mjs';
import { launchChromium } from './support/stack.mjs';
import { startVisitorApp } from './support/visitor-app.mjs';

// Free ports, not 5173 and 4000: a demo someone runs on this machine is left alone.
const [PAGES_PORT, PROVIDER_PORT, APP_PORT] = [await freePort(), await freePort(), await freePort()];
const PAGES = `http://127.0.0.1:${PAGES_PORT}`;
const DEMO = `${PAGES}/demo/`;
const PROVIDER = `http://127.0.0.1:${PROVIDER_PORT}`;
const APP_ORIGIN = `http://127.0.0.1:${APP_PORT}`;
const PORT_ARGS = ['--port', String(PAGES_PORT), '--provider-port', String(PROVIDER_PORT)];

/** Runs `npm start -- ARGS` in its own process group, its output kept; `exited` resolves with its code. */
function npmStart(args) {
  const { child, stop } = spawnDetached('npm', ['start', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { child, stop, exited, output: () => output };
}

/** The lines npm start printed itself (not npm's own). */
const ownLines = (output) =>
  output.split('\n').filter((line) => line.trim() && !line.startsWith('>') && !line.startsWith('npm warn'));

/**
 * Runs `npm start` in its own process group, resolving once it printed the demo URL. dist/ is
 * built already (npm test builds it first), so npm start serves it as it is and builds nothing.
 */
function startDemo() {
  const { child, stop } = spawnDetached('npm', ['start', '--', ...PORT_ARGS, '--client-origin', APP_ORIGIN], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 120000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Ctrl+C stops both.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, stop, ready, output: () => output };
}

/** Holds the demo provider's end-session answers for `page` until the returned function is called. */
async function holdEndSession(page) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(`${PROVIDER}/session/end**`, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

describe('npm start', () => {
  let demo;
  let browser;
  before(async () => {
    demo = startDemo();
    await demo.ready;
    // The other test files read dist/ meanwhile: npm start must not rebuild it.
    assert.match(demo.output(), /dist\/ is newer than src\/.*not rebuilding/, 'npm start used the built dist/');
    browser = await launchChromium({ args: CHROMIUM_ARGS });
  });
  after(async () => {
    await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 15000).unref())]);
    await demo?.stop();
  });

  it('/ and /demo lead to the demo', async () => {
    for (const path of ['/', '/demo']) {
      const response = await fetch(`${PAGES}${path}`, { redirect: 'manual' });
      assert.equal(response.status, 302, path);
      assert.equal(response.headers.get('location'), '/demo/', path);
    }
  });

  it('a second npm start says in one line which port is busy and how to choose another, before building', async () => {
    const second = npmStart(PORT_ARGS);
    let code;
    try {
      code = await second.exited;
    } finally {
      await second.stop();
    }
    assert.notEqual(code, 0);
    assert.deepEqual(ownLines(second.output()), [
      `Port ${PROVIDER_PORT} (the demo's OpenID Provider) is already in use: stop what uses it (another npm start?), or choose another with npm start -- --provider-port ${PROVIDER_PORT + 1}`,
    ]);
    assert.doesNotMatch(second.output(), /EADDRINUSE|Building/);
  });

  it('prints the pages and the demo login', () => {
    assert.match(demo.output(), /any login name and any password/);
    assert.ok(demo.output().includes(`${DEMO}cms/`));
  });

  /** Clicks the page's Sign in and fills the provider's form as `login` (any password works). */
  async function signInAtProvider(page, login) {
    await page.click('#sign-in');
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'secret');
    await page.click('button[type=submit]');
  }

  /** Signs in to the demo page as `login`, through the provider's form (a fresh browser context). */
  async function signInToDemo(page, login, app = 'spa') {
    await page.goto(`${DEMO}?app=${app}`);
    await signInAtProvider(page, login);
    await page.waitForSelector(`#site-status b:text("${login}")`);
  }

  /** The account is whole: its last step is told and the list says it is done. */
  const FINISHED = '#timeline[data-state=done] > li[data-step=complete]';
  const timeline = (page) =>
    page.$$eval('#timeline > li', (items) =>
      Object.fromEntries(items.map((item) => [item.dataset.step, item.innerText.replace(/\s+/g, ' ')])),
    );
  /** The timeline's steps as shown, top to bottom. */
  const stepOrder = (page) => page.$$eval('#timeline > li', (items) => items.map((item) => item.dataset.step));

  it('with nobody signed in, the button is disabled and says why; Sign in is offered', async () => {
    const page = await browser.newPage();
    await page.goto(DEMO);
    assert.equal(await page.locator('sign-out-button').getAttribute('disabled'), '');
    assert.match(await page.textContent('#button-note'), /Sign in first/);
    assert.ok(await page.locator('#sign-in').isVisible());
    await page.waitForSelector('#provider-status:has-text("No session")');
    await page.close();
  });

  it('controls that make no sense for the mode are disabled', async () => {
    const page = await browser.newPage();
    await page.goto(DEMO);
    await page.check('input[name=mode][value=local]');
    assert.ok(await page.locator('select[name=method]').isDisabled());
    assert.ok(await page.locator('select[name=fallback]').isDisabled());
    await page.check('input[name=mode][value=popup]');
    assert.ok(await page.locator('select[name=method]').isEnabled());
    assert.ok(await page.locator('select[name=fallback]').isEnabled());
    await page.check('input[name=mode][value=redirect]');
    assert.ok(await page.locator('select[name=fallback]').isDisabled());
    await page.close();
  });

  /**
   * The order things happen in, by mode: a redirect's page part ends with sign-out-complete before
   * the provider sees the request; a frame's or popup's return comes before sign-out-complete.
   */
  const LEAVING = [
    'before',
    'start',
    'local',
    'tabs',
    'complete',
    'handed',
    'request',
    'front-channel',
    'state',
    'provider-session',
  ];
  const STAYING = [
    'before',
    'start',
    'local',
    'request',
    'front-channel',
    'state',
    'tabs',
    'complete',
    'provider-session',
  ];
  const ORDER = {
    redirect: LEAVING,
    iframe: STAYING,
    popup: STAYING,
    local: ['before', 'start', 'local', 'tabs', 'complete', 'request', 'provider-session'],
  };

  // Each mode, driven as a visitor would: sign in, pick the mode, click, read the account.
  for (const [mode, method, expected] of [
    ['redirect', 'auto', { request: /received a GET at \/session\/end/, state: /returned state was verified/ }],
    ['redirect', 'post', { request: /received a form POST at \/session\/end/, state: /returned state was verified/ }],
    [
      'iframe',
      'auto',
      { request: /received a GET at \/session\/end/, state: /seen in the hidden frame, its state verified/ },
    ],
    ['popup', 'auto', { request: /received a GET at \/session\/end/, state: /seen in the popup, its state verified/ }],
    ['local', 'auto', { request: /No end-session request/ }],
  ]) {
    it(`the demo's timeline tells each step of a ${mode} sign-out (${method})`, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await signInToDemo(page, `timeline-${mode}`);
        await page.waitForSelector('#provider-status:has-text("Live session")');
        await page.check(`input[name=mode][value=${mode}]`);
        if (mode !== 'local') await page.selectOption('select[name=method]', method);
        await page.click('sign-out-button');
        await page.waitForSelector(FINISHED, { timeout: 20000 });
        const steps = await timeline(page);
        // In the order things happened, every time (ties of the clock go by the known order).
        // Discovery has its own test: the SPA's UserManager may still be reading it at load.
        assert.deepEqual(
          (await stepOrder(page)).filter((step) => step !== 'discovery'),
          ORDER[mode],
        );
        assert.match(steps.before, /sessionStorage: oidc\.user:.*:demo-spa/);
        assert.match(steps.start, new RegExp(`mode ${mode}`));
        assert.match(steps.local, /removed sessionStorage: oidc\.user:/);
        assert.match(steps.request, expected.request);
        if (mode !== 'local') {
          // Tokens are shortened: the first characters and the length, never the token.
          assert.match(steps.request, /id_token_hint = eyJ[\w-]{7}…\(\d+ characters\)/);
          assert.ok(steps.request.includes(`post_logout_redirect_uri = ${DEMO}signed-out.html`), steps.request);
          assert.match(steps.state, expected.state);
          assert.match(steps['provider-session'], /Provider session: ended/);
        } else {
          assert.equal(steps.state, undefined);
          assert.match(steps['provider-session'], /still live/);
        }
        assert.match(steps.tabs, /Other tabs of this site were told/);
        assert.match(
          steps.complete,
          new RegExp(
            `providerSession "${{ redirect: 'redirecting', iframe: 'ended', popup: 'ended', local: 'skipped' }[mode]}"`,
          ),
        );
        // The whole account, and no whole token anywhere on the page.
        const html = await page.content();
        assert.doesNotMatch(html, /eyJ[\w-]{20,}\.[\w-]{20,}/);
        await page.waitForSelector('#site-status:has-text("Nobody")');
      } finally {
        await context.close();
      }
    });
  }

  it('cross-site, the demo explains the wait and the fallback while it happens', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`http://localhost:${PAGES_PORT}/demo/`);
      await signInAtProvider(page, 'dave');
      await page.waitForSelector('#site-status b:text("dave")');
      await page.waitForSelector('#provider-status:has-text("Cannot tell from here")');
      await page.check('input[name=mode][value=iframe]');
      assert.match(await page.textContent('#control-notes'), /Cross-site, the hidden frame cannot be confirmed/);
      await page.click('sign-out-button');
      const waiting = page.locator('#waiting');
      await waiting.waitFor({ state: 'visible' });
      assert.match(await waiting.textContent(), /s left\..*two sites.*the fallback signs you out at top level/);
      // The fallback: the provider at top level, then back, the account finished.
      await page.waitForSelector(FINISHED, { timeout: 20000 });
      const steps = await timeline(page);
      assert.match(steps.handed, /iframe fallback/);
      assert.match(steps.state, /returned state was verified/);
    } finally {
      await context.close();
    }
  });

  it('the provider-profile control makes the provider behave as another documented provider', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(DEMO);
      await page.selectOption('select[name=profile]', 'auth0');
      await page.waitForSelector('#provider-profile:has-text("Auth0: end-session at /oidc/logout")');
      const discovery = await (await fetch(`${PROVIDER}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.end_session_endpoint, `${PROVIDER}/oidc/logout`);
    } finally {
      await page.selectOption('select[name=profile]', '');
      await page.waitForSelector('#provider-profile:has-text("end-session at /session/end")');
      await page.close();
    }
  });

  it('the busy state is visible (a turning spinner) and announced while a sign-out runs', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signInToDemo(page, 'erin');
      await page.check('input[name=mode][value=iframe]');
      // Hold the provider's answer, so that the button stays busy while it is looked at.
      const release = await holdEndSession(page);
      await page.click('sign-out-button');
      await page.waitForSelector('sign-out-button[busy]');
      const looks = await page.evaluate(() => {
        const host = document.querySelector('sign-out-button');
        const spinner = host.shadowRoot.querySelector('[part=spinner]');
        const style = getComputedStyle(spinner);
        return {
          display: style.display,
          width: spinner.getBoundingClientRect().width,
          animation: style.animationName,
          ariaBusy: host.shadowRoot.querySelector('button').getAttribute('aria-busy'),
          status: host.shadowRoot.querySelector('[role=status]').textContent,
        };
      });
      assert.notEqual(looks.display, 'none');
      assert.ok(looks.width > 0, 'the spinner takes space');
      assert.notEqual(looks.animation, 'none', 'it turns');
      assert.equal(looks.ariaBusy, 'true');
      assert.equal(looks.status, 'Signing out…');
      // People who ask for reduced motion get a still indicator, still visible.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const still = await page.evaluate(() => {
        const spinner = document.querySelector('sign-out-button').shadowRoot.querySelector('[part=spinner]');
        return { animation: getComputedStyle(spinner).animationName, width: spinner.getBoundingClientRect().width };
      });
      assert.equal(still.animation, 'none');
      assert.ok(still.width > 0);
      release();
      await page.waitForSelector(FINISHED, { timeout: 20000 });
    } finally {
      await context.close();
    }
  });

  it('the CMS page signs out of the provider in a hidden iframe and ends the site session', async () => {
    const page = await browser.newPage();
    await page.goto(`${DEMO}cms/`);
    await signInAtProvider(page, 'bob');
    await page.waitForURL(`${DEMO}cms/`);
    // The page says who is signed in at the site, as its server renders it.
    assert.equal((await page.innerText('#site-user')).trim(), 'Signed in to the site as bob');
    assert.ok(await page.locator('#sign-in').isHidden(), 'no Sign in offered while signed in');
    await page.click('sign-out-button');
    await page.waitForURL(/\/site\/logout$/);
    assert.equal(await page.textContent('#site-session'), 'The site session was active and has been ended.');
    assert.equal(await page.textContent('#site-user'), "It was bob's.");
    await page.goto(`${DEMO}cms/`);
    assert.equal((await page.innerText('#site-user')).trim(), 'Nobody is signed in to the site');
    await page.close();
  });

  it('single logout: signing out of the SPA signs the CMS page in another tab out too (front-channel)', async () => {
    const context = await browser.newContext();
    try {
      const cms = await context.newPage();
      await cms.goto(`${DEMO}cms/`);
      await signInAtProvider(cms, 'carol');
      await cms.waitForURL(`${DEMO}cms/`);
      const cmsUser = () =>
        cms.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user:')));
      assert.equal((await cmsUser()).length, 1, 'signed in to the CMS pages (client demo-cms)');
      const spa = await context.newPage();
      await spa.goto(DEMO);
      await spa.click('#sign-in');
      // The provider session exists: the SPA (client demo-spa) is signed in without a form.
      await spa.waitForSelector('#site-status b:text("carol")');
      await spa.check('input[name=mode][value=redirect]');
      await spa.click('sign-out-button');
      await spa.waitForURL(/\/demo\/\?app=spa&signed-out/);
      await spa.waitForSelector('#timeline > li[data-step=front-channel]:has-text("/demo/cms/front-channel.html")');
      // The provider loaded the CMS pages' front-channel logout page; the open CMS tab signed out.
      await cms.waitForURL(/\/site\/logout$/);
      assert.deepEqual(await cmsUser(), []);
    } finally {
      await context.close();
    }
  });

  it('the demo starts in the default mode of the package, redirect', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(DEMO);
      assert.ok(await page.locator('input[name=mode][value=redirect]').isChecked());
      assert.equal(await page.locator('sign-out-button').getAttribute('mode'), 'redirect');
    } finally {
      await context.close();
    }
  });

  it('the site card says "Nobody" once the local sign-out is done, before the provider answers', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signInToDemo(page, 'frank');
      await page.check('input[name=mode][value=iframe]');
      const release = await holdEndSession(page);
      await page.click('sign-out-button');
      // The provider part is still held: sign-out-complete has not come, the card already says so.
      await page.waitForSelector('#site-status:has-text("Nobody")');
      assert.ok(await page.locator('sign-out-button[busy]').count(), 'still busy: the provider part is held');
      assert.match((await timeline(page)).local, /removed sessionStorage: oidc\.user:/);
      release();
      await page.waitForSelector(FINISHED, { timeout: 20000 });
    } finally {
      await context.close();
    }
  });

  it("discovery: the SPA's sign-out asks for it no more, the CMS page's once, each one explained", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signInToDemo(page, 'grace');
      // The SPA's UserManager reads the document once per page: wait for it, then sign out.
      const read = page.waitForResponse(`${PROVIDER}/.well-known/openid-configuration`);
      await page.reload();
      await read;
      await page.check('input[name=mode][value=iframe]');
      await page.click('sign-out-button');
      await page.waitForSelector(FINISHED, { timeout: 20000 });
      assert.deepEqual(
        (await stepOrder(page)).filter((step) => step === 'discovery'),
        [],
      );

      await page.goto(`${DEMO}?app=cms`);
      await signInAtProvider(page, 'grace');
      await page.waitForSelector('#site-status b:text("grace")');
      await page.check('input[name=mode][value=iframe]');
      await page.click('sign-out-button');
      await page.waitForSelector(FINISHED, { timeout: 20000 });
      // Once: the element may have read it already when the pointer came over it, before the click.
      const discovery = (await stepOrder(page)).filter((step) => step === 'discovery');
      assert.ok(discovery.length <= 1, `${discovery.length} discovery requests`);
      if (discovery.length)
        assert.match((await timeline(page)).discovery, /discovery.*end_session_endpoint.*once per page/);
    } finally {
      await context.close();
    }
  });

  /** The relative luminance (0 black, 1 white) of a computed `rgb(…)` color. */
  const luminance = (color) => {
    const [r, g, b] = color
      .match(/[\d.]+/g)
      .map(Number)
      .slice(0, 3)
      .map((value) => {
        const channel = value / 255;
        return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  /** The page's background and text colors, and those of its first `selector`, as computed. */
  const colorsOf = (page, selector) =>
    page.evaluate((selector) => {
      const of = (element) => {
        const style = getComputedStyle(element);
        return { background: style.backgroundColor, color: style.color };
      };
      return { body: of(document.body), part: selector ? of(document.querySelector(selector)) : null };
    }, selector);

  it('the demo, the provider and the site pages follow the dark color scheme', async () => {
    for (const scheme of ['dark', 'light']) {
      const context = await browser.newContext({ colorScheme: scheme });
      try {
        const page = await context.newPage();
        const seen = [];
        const look = async (what, selector) => {
          const { body, part } = await colorsOf(page, selector);
          seen.push({ what, body, part });
          const dark = scheme === 'dark';
          for (const [name, colors] of [
            ['page', body],
            [selector, part],
          ]) {
            if (!colors) continue;
            const background = luminance(colors.background);
            const text = luminance(colors.color);
            assert.ok(
              dark ? background < 0.1 : background > 0.7,
              `${what} ${name} background ${colors.background} (${scheme})`,
            );
            assert.ok(dark ? text > 0.6 : text < 0.2, `${what} ${name} text ${colors.color} (${scheme})`);
          }
        };
        await page.goto(DEMO);
        await look('the demo page', '#site-card');
        await page.click('#sign-in');
        await page.waitForSelector('input[name=login]');
        await look("the provider's login page", '.login-card');
        await page.fill('input[name=login]', `scheme-${scheme}`);
        await page.fill('input[name=password]', 'secret');
        await page.click('button[type=submit]');
        await page.waitForSelector(`#site-status b:text("scheme-${scheme}")`);
        // Without an ID token hint the provider asks: its confirm page.
        await page.goto(`${PROVIDER}/session/end`);
        await page.waitForSelector('#confirm-logout');
        await look("the provider's sign-out page", 'main.op');
        await page.goto(`${DEMO}cms/`);
        // Signed in to the SPA only: the CMS pages have nobody (and offer Sign in).
        assert.equal((await page.innerText('#site-user')).trim(), 'Nobody is signed in to the site');
        assert.ok(await page.locator('#sign-in').isVisible());
        await look('the CMS page', '#site-user');
        await page.goto(`${PAGES}/site/logout`);
        await look('/site/logout', '.card');
      } finally {
        await context.close();
      }
    }
  });

  it('on a phone (390 px) the header stays short and nothing scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      const wide = () =>
        page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          view: document.documentElement.clientWidth,
          // Every element that scrolls sideways inside itself (a snippet in a box).
          inner: [...document.querySelectorAll('body *')]
            .filter(
              (element) =>
                element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible',
            )
            .map((element) => element.id || element.className || element.tagName),
        }));
      for (const app of ['spa', 'cms']) {
        await page.goto(`${DEMO}?app=${app}`);
        // The header: the name and the three links, in at most two short lines.
        const header = await page.locator('header.top').boundingBox();
        assert.ok(header.height <= 100, `header ${header.height} px high`);
        await page.click('.snippet summary');
        const sizes = await wide();
        assert.ok(sizes.page <= 390, `the ${app} page is ${sizes.page} px wide`);
        assert.deepEqual(sizes.inner, [], `nothing scrolls sideways on the ${app} page`);
      }
      for (const path of ['/demo/cms/', '/site/logout']) {
        await page.goto(`${PAGES}${path}`);
        const sizes = await wide();
        assert.ok(sizes.page <= 390, `${path} is ${sizes.page} px wide`);
      }
    } finally {
      await context.close();
    }
  });

  it('after a sign-out the account is scrolled into view (on a phone it is far below the button)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      await signInToDemo(page, 'heidi');
      for (const mode of ['redirect', 'iframe']) {
        if (mode === 'iframe') await signInToDemo(page, 'heidi');
        await page.check(`input[name=mode][value=${mode}]`);
        await page.locator('sign-out-button').scrollIntoViewIfNeeded();
        await page.click('sign-out-button');
        await page.waitForSelector(FINISHED, { timeout: 20000 });
        const { top, height } = await page.evaluate(() => ({
          top: document.getElementById('timeline-heading').getBoundingClientRect().top,
          height: window.innerHeight,
        }));
        assert.ok(top > -1 && top < height / 2, `${mode}: the heading is at ${top} px of ${height}`);
      }
    } finally {
      await context.close();
    }
  });

  it("no request leaves 127.0.0.1: the provider's pages ask no font from elsewhere", async () => {
    const context = await browser.newContext();
    const elsewhere = [];
    // Anything for another host is noted and refused: the demo must work offline.
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        elsewhere.push(route.request().url());
        return route.abort();
      },
    );
    try {
      const page = await context.newPage();
      await page.goto(DEMO);
      await page.click('#sign-in');
      await page.waitForSelector('input[name=login]');
      assert.doesNotMatch(await page.content(), /fonts\.googleapis|@import url\(http/);
      await page.fill('input[name=login]', 'ivan');
      await page.fill('input[name=password]', 'secret');
      await page.click('button[type=submit]');
      await page.waitForSelector('#site-status b:text("ivan")');
      // The provider's other pages: its confirm page (asked without an ID token hint), an error.
      await page.goto(`${PROVIDER}/session/end`);
      await page.waitForSelector('#confirm-logout');
      await page.goto(DEMO);
      await page.click('sign-out-button');
      await page.waitForSelector(FINISHED, { timeout: 20000 });
      await page.goto(`${PROVIDER}/auth?client_id=nobody`);
      await page.waitForSelector('#op-error');
      await page.goto(`${DEMO}cms/`);
      await page.goto(`${PAGES}/site/logout`);
      await page.waitForSelector('#site-signed-out');
      assert.deepEqual(elsewhere, []);
    } finally {
      await context.close();
    }
  });

  it("the provider's login page has its look (oidc-provider 9's .login-card) and every page an icon", async () => {
    for (const origin of [PAGES, PROVIDER]) {
      const response = await fetch(`${origin}/favicon.ico`);
      assert.equal(response.status, 200, origin);
      assert.equal(response.headers.get('content-type'), 'image/svg+xml', origin);
      assert.match(await response.text(), /^<svg /, origin);
    }
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      /** The page's icon, as the browser would ask for it. */
      const icon = async () => {
        const href = await page.evaluate(() => document.querySelector('link[rel=icon]')?.href);
        assert.ok(href, `${page.url()} names an icon`);
        const response = await page.request.get(href);
        assert.equal(response.status(), 200, href);
      };
      await page.goto(DEMO);
      await icon();
      await page.click('#sign-in');
      await page.waitForSelector('input[name=login]');
      await icon();
      const card = await page.evaluate(() => {
        const element = document.querySelector('.login-card');
        return {
          brand: element.querySelector('.op-brand')?.textContent,
          radius: getComputedStyle(element).borderRadius,
          font: getComputedStyle(document.body).fontFamily,
        };
      });
      assert.equal(card.brand, 'Demo OpenID Provider');
      assert.equal(card.radius, '12px');
      assert.match(card.font, /system-ui/);
      await page.goto(`${DEMO}cms/`);
      await icon();
      await page.goto(`${PAGES}/site/logout`);
      await icon();
    } finally {
      await context.close();
    }
  });

  it('--client-origin registers your own app: a sign-in and a sign-out from a fresh page there work', async () => {
    assert.ok(demo.output().includes(`any page of ${APP_ORIGIN}`), 'the banner says how the app is registered');
    const app = await startVisitorApp(APP_PORT, PROVIDER);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${app.origin}/`);
      await signInAtProvider(page, 'judy');
      await page.waitForURL(`${app.origin}/`);
      await page.waitForSelector('#user:text("Signed in as judy")');
      await page.click('sign-out-button');
      await page.waitForURL(`${app.origin}/?signed-out`);
      await page.waitForSelector('#user:text("Nobody")');
      // The provider loaded the app's front-channel logout page, and its session ended: a new
      // sign-in shows its login form.
      assert.ok(
        app.requests.some((path) => path.startsWith('/front-channel.html?iss=')),
        app.requests.join('\n'),
      );
      await page.click('#sign-in');
      await page.waitForSelector('input[name=login]');
    } finally {
      await context.close();
      await app.close();
    }
  });

  it('--client-origin is refused with a real provider, or when it is not an origin, before anything starts', async () => {
    for (const [args, message] of [
      [
        ['--provider', 'glewlwyd', '--client-origin', APP_ORIGIN],
        '--client-origin registers your app at the embedded provider; glewlwyd is a real provider with its own configuration: use one or the other.',
      ],
      [
        ['--client-origin', `${APP_ORIGIN}/app/`],
        `--client-origin ${APP_ORIGIN}/app/: not an origin; give scheme, host and port only, e.g. http://127.0.0.1:5591`,
      ],
    ]) {
      const refused = npmStart([...args, '--port', String(await freePort())]);
      try {
        assert.equal(await refused.exited, 1, refused.output());
      } finally {
        await refused.stop();
      }
      assert.deepEqual(ownLines(refused.output()), [message]);
    }
  });
});

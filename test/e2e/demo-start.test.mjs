import assert from 'node:assert/strict';
import { CHROMIUM_ARGS } from '../../scripts/browsers.mjs';
import { after, before, describe, it } from './support/node-test.mjs';
import { spawnDetached } from './support/processes.mjs';
import { launchChromium } from './support/stack.mjs';

const DEMO = 'http://127.0.0.1:5173/demo/';

/**
 * Runs `npm start` in its own process group, resolving once it printed the demo URL. dist/ is
 * built already (npm test builds it first), so npm start serves it as it is and builds nothing.
 */
function startDemo() {
  const { child, stop } = spawnDetached('npm', ['start'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 120000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(DEMO)) {
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
      const response = await fetch(`http://127.0.0.1:5173${path}`, { redirect: 'manual' });
      assert.equal(response.status, 302, path);
      assert.equal(response.headers.get('location'), '/demo/', path);
    }
  });

  it('a second npm start says in one line which port is busy and how to choose another, before building', async () => {
    const { child: second, stop } = spawnDetached('npm', ['start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    second.stdout.on('data', (chunk) => (output += chunk));
    second.stderr.on('data', (chunk) => (output += chunk));
    let code;
    try {
      code = await new Promise((resolve) => second.on('exit', resolve));
    } finally {
      await stop();
    }
    const lines = output
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('>') && !line.startsWith('npm warn'));
    assert.notEqual(code, 0);
    assert.deepEqual(lines, [
      "Port 4000 (the demo's OpenID Provider) is already in use: stop what uses it (another npm start?), or choose another with npm start -- --provider-port 4001",
    ]);
    assert.doesNotMatch(output, /EADDRINUSE|Building/);
  });

  it('prints the pages and the demo login', () => {
    assert.match(demo.output(), /any login name and any password/);
    assert.match(demo.output(), /http:\/\/127\.0\.0\.1:5173\/demo\/cms\//);
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

  const timeline = (page) =>
    page.$$eval('#timeline > li', (items) =>
      Object.fromEntries(items.map((item) => [item.dataset.step, item.innerText.replace(/\s+/g, ' ')])),
    );

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
        await page.waitForSelector('#timeline > li[data-step=complete]', { timeout: 20000 });
        const steps = await timeline(page);
        assert.match(steps.before, /sessionStorage: oidc\.user:.*:demo-spa/);
        assert.match(steps.start, new RegExp(`mode ${mode}`));
        assert.match(steps.local, /removed sessionStorage: oidc\.user:/);
        assert.match(steps.request, expected.request);
        if (mode !== 'local') {
          // Tokens are shortened: the first characters and the length, never the token.
          assert.match(steps.request, /id_token_hint = eyJ[\w-]{7}…\(\d+ characters\)/);
          assert.match(steps.request, /post_logout_redirect_uri = http:\/\/127\.0\.0\.1:5173\/demo\/signed-out\.html/);
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
      await page.goto(`http://localhost:5173/demo/`);
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
      await page.waitForSelector('#timeline > li[data-step=complete]', { timeout: 20000 });
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
      const discovery = await (await fetch('http://127.0.0.1:4000/.well-known/openid-configuration')).json();
      assert.equal(discovery.end_session_endpoint, 'http://127.0.0.1:4000/oidc/logout');
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
      let release;
      const held = new Promise((resolve) => (release = resolve));
      await page.route('http://127.0.0.1:4000/session/end**', async (route) => {
        await held;
        await route.continue();
      });
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
      await page.waitForSelector('#timeline > li[data-step=complete]', { timeout: 20000 });
    } finally {
      await context.close();
    }
  });

  it('the CMS page signs out of the provider in a hidden iframe and ends the site session', async () => {
    const page = await browser.newPage();
    await page.goto(`${DEMO}cms/`);
    await signInAtProvider(page, 'bob');
    await page.waitForURL(`${DEMO}cms/`);
    await page.click('sign-out-button');
    await page.waitForURL(/\/site\/logout$/);
    assert.equal(await page.textContent('#site-session'), 'The site session was active and has been ended.');
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
});

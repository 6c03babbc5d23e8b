// `npm run screenshots`: the pictures in docs/screenshots/ (listed in its README.md), each set made
// by its own function from what it shows, running, so that they show what a visitor sees today.
// `npm run screenshots -- demo` makes one set. The `demo` set: the demo (`npm start`, on its usual
// ports, or `--port` and `--provider-port`) in headless Chromium, on a desktop, a phone, and in the
// dark color scheme. The `wordpress` set (docs/screenshots/wordpress/): the WordPress plugin in
// Debian's WordPress with the test provider, each started by the set itself as the WordPress test
// starts them (test/cms/wordpress-site.mjs), and stopped when it is done.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startProvider } from '../demo/provider.mjs';
import { buildZip } from '../integrations/wordpress/build-zip.mjs';
import {
  CLIENT_ID,
  adminSignIn,
  ensureWordPress,
  installCommand,
  installPlugin,
  providerClient,
  saveSettings,
  settingsUrl,
  signVisitorIn,
  startWordPress,
} from '../test/cms/wordpress-site.mjs';
import { CHROMIUM_ARGS, findChromium } from './browsers.mjs';

const OUT = 'docs/screenshots';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: '5173' },
    'provider-port': { type: 'string', default: '4000' },
  },
});

const DESKTOP = { viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1 };
// A wide desktop, as a WordPress theme lays itself out for one.
const WIDE = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
// A common phone's CSS size.
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Runs `npm start` (scripts/start.mjs) in its own process group; resolves with a `stop()` once it is up. */
async function startDemo(args) {
  const demo = spawn('node', ['scripts/start.mjs', ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () => {
    try {
      process.kill(-demo.pid, 'SIGTERM');
    } catch {
      // Ended already.
    }
  };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 60000);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Ctrl+C')) {
        clearTimeout(timer);
        resolve();
      }
    };
    demo.stdout.on('data', onData);
    demo.stderr.on('data', onData);
    demo.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  }).catch((error) => {
    stop();
    throw error;
  });
  return { stop };
}

/** The demo: desktop (light), phone, dark; the provider's login page; the CMS page and /site/logout. */
async function demoScreenshots(browser) {
  const pages = `http://127.0.0.1:${values.port}`;
  const DEMO = `${pages}/demo/`;
  const shot = (page, name, fullPage = true) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage });
  /** Signs in at the provider's form from the page's Sign in link (any password works). */
  const signIn = async (page, login, before) => {
    await page.click('#sign-in');
    await page.waitForSelector('input[name=login]');
    await page.fill('input[name=login]', login);
    await before?.();
    await page.fill('input[name=password]', 'secret');
    await page.click('button[type=submit]');
  };

  // A desktop, light.
  const context = await browser.newContext({ ...DESKTOP, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(DEMO);
  await page.waitForSelector('#provider-status:has-text("No session")');
  await shot(page, '1-signed-out');
  await signIn(page, 'alice', () => shot(page, '2-provider-login'));
  await page.waitForSelector('#site-status b:text("alice")');
  await page.waitForSelector('#provider-status:has-text("Live session")');
  await page.check('input[name=mode][value=iframe]');
  await shot(page, '3-signed-in');
  await page.click('sign-out-button');
  await page.waitForSelector('#timeline[data-state=done] > li[data-step=complete]', { timeout: 20000 });
  await page.waitForSelector('#provider-status:has-text("No session")');
  await shot(page, '4-timeline-iframe');

  // Cross-site: the page on localhost, the provider on 127.0.0.1.
  const cross = await context.newPage();
  await cross.goto(`http://localhost:${values.port}/demo/`);
  await signIn(cross, 'bob');
  await cross.waitForSelector('#site-status b:text("bob")');
  await cross.check('input[name=mode][value=iframe]');
  await cross.click('sign-out-button');
  await cross.waitForSelector('#waiting:visible');
  await cross.waitForTimeout(1200);
  await shot(cross, '5-cross-site-waiting');
  await cross.waitForSelector('#timeline[data-state=done]', { timeout: 20000 });

  // The CMS page says who is signed in at the site; its sign-out ends at the site's /site/logout.
  const cms = await context.newPage();
  await cms.goto(`${DEMO}cms/`);
  await signIn(cms, 'carol');
  await cms.waitForSelector('#site-user b:text("carol")');
  await shot(cms, '10-cms-page');
  await cms.click('sign-out-button');
  await cms.waitForSelector('#site-signed-out');
  await shot(cms, '11-site-logout');
  await context.close();

  // A phone: the page as it opens, and the account after a redirect sign-out, scrolled to.
  const phone = await browser.newContext({ ...PHONE, colorScheme: 'light' });
  const small = await phone.newPage();
  await small.goto(DEMO);
  await signIn(small, 'dave');
  await small.waitForSelector('#site-status b:text("dave")');
  await small.waitForSelector('#provider-status:has-text("Live session")');
  await shot(small, '6-phone-signed-in', false);
  await small.click('sign-out-button');
  await small.waitForSelector('#timeline[data-state=done] > li[data-step=complete]', { timeout: 20000 });
  await shot(small, '7-phone-timeline', false);
  await phone.close();

  // The dark color scheme: the provider's login page, and the demo after a sign-out.
  const dark = await browser.newContext({ ...DESKTOP, colorScheme: 'dark' });
  const night = await dark.newPage();
  await night.goto(DEMO);
  await signIn(night, 'erin', () => shot(night, '9-dark-provider-login'));
  await night.waitForSelector('#site-status b:text("erin")');
  await night.waitForSelector('#provider-status:has-text("Live session")');
  await night.click('sign-out-button');
  await night.waitForSelector('#timeline[data-state=done] > li[data-step=complete]', { timeout: 20000 });
  await night.waitForSelector('#provider-status:has-text("No session")');
  await shot(night, '8-dark-timeline');
  await dark.close();
}

/**
 * The WordPress plugin, as in test/cms/wordpress.test.mjs: Debian's WordPress 6.1 (Twenty
 * Twenty-Three) with its own MariaDB and Apache, the test provider, the plugin's zip uploaded and
 * its settings page filled in by the Administrator; a published page with the shortcode in a
 * paragraph, as a visitor signed in at the provider sees it, wide and on a phone. Without
 * WordPress's packages (and not root, which installs them) it says what to install and skips.
 */
async function wordpressScreenshots(browser) {
  const installed = ensureWordPress();
  if (!installed.ok) {
    console.log(`wordpress: skipped: ${installed.reason.split(';')[0]}. As root, run:\n  ${installCommand}`);
    return;
  }
  const out = `${OUT}/wordpress`;
  mkdirSync(out, { recursive: true });
  const shot = (page, name, fullPage = true) => page.screenshot({ path: `${out}/${name}.png`, fullPage });
  const workDir = mkdtempSync(join(tmpdir(), 'sign-out-button-screenshots-'));
  let site, op;
  const contexts = [];
  const newContext = async (options) => {
    const context = await browser.newContext({ ...options, colorScheme: 'light' });
    context.setDefaultTimeout(60000);
    contexts.push(context);
    return context;
  };
  try {
    const zipFile = buildZip(join(workDir, 'sign-out-button.zip'));
    site = await startWordPress();
    const [returnPage, goodbye] = await Promise.all([
      site.php('page', 'Signed out', '[sign_out_return]'),
      site.php('page', 'Goodbye', 'You are signed out. Goodbye!'),
    ]);
    op = await startProvider({ port: 0, clients: [providerClient(site.origin, returnPage.url)] });

    // The Administrator: the zip uploaded and activated, the settings page filled in and saved.
    const admin = await (await newContext(WIDE)).newPage();
    await adminSignIn(admin, site.origin, 'administrator');
    await installPlugin(admin, site.origin, zipFile);
    await admin.goto(settingsUrl(site.origin));
    await saveSettings(admin, {
      authority: op.issuer,
      clientId: CLIENT_ID,
      mode: 'iframe',
      returnUrl: returnPage.url,
      afterUrl: goodbye.url,
    });
    await shot(admin, '3-settings');

    // A published page, the shortcode in a paragraph of its text, as the block editor stores it.
    const account = await site.php(
      'page',
      'Your account',
      [
        '<!-- wp:paragraph -->',
        '<p>You are signed in to this site with your account at the sign-in provider.</p>',
        '<!-- /wp:paragraph -->',
        '',
        '<!-- wp:paragraph -->',
        '<p>Done for today? [sign_out_button] ends your session here and at the provider.</p>',
        '<!-- /wp:paragraph -->',
      ].join('\n'),
    );
    for (const [name, options, fullPage] of [
      ['1-page', WIDE, true],
      ['2-page-phone', PHONE, false],
    ]) {
      const context = await newContext(options);
      const { open } = await signVisitorIn(context, { issuer: op.issuer, origin: site.origin, login: 'alice' });
      const page = await context.newPage();
      await open(page, account.url);
      await page.waitForSelector('sign-out-button:defined');
      await shot(page, name, fullPage);
    }
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await op?.close().catch(() => {});
    await site?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Each set of pictures, by name: what `npm run screenshots -- NAME` makes; `start`: it needs `npm start`. */
const SETS = {
  demo: { start: true, take: demoScreenshots },
  wordpress: { start: false, take: wordpressScreenshots },
};

const chosen = positionals.length ? positionals : Object.keys(SETS);
const unknown = chosen.filter((name) => !SETS[name]);
if (unknown.length) {
  console.error(`Unknown set ${unknown.join(', ')}: one of ${Object.keys(SETS).join(', ')}.`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const demo = chosen.some((name) => SETS[name].start)
  ? await startDemo(['--port', values.port, '--provider-port', values['provider-port']])
  : null;
let browser;
try {
  browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  for (const name of chosen) await SETS[name].take(browser);
  console.log(`screenshots written to ${OUT}/`);
} finally {
  await browser?.close();
  demo?.stop();
}

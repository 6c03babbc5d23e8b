import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/browsers.mjs';

const DEMO = 'http://127.0.0.1:5173/demo/';

/** Runs `npm start` in its own process group, resolving once it printed the demo URL. */
function startDemo() {
  const child = spawn('npm', ['start'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 60000);
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
  return { child, ready, output: () => output };
}

describe('npm start', () => {
  let demo;
  let browser;
  before(async () => {
    demo = startDemo();
    await demo.ready;
    browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    if (demo?.child.pid) {
      try {
        process.kill(-demo.child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });

  it('/ and /demo lead to the demo', async () => {
    for (const path of ['/', '/demo']) {
      const response = await fetch(`http://127.0.0.1:5173${path}`, { redirect: 'manual' });
      assert.equal(response.status, 302, path);
      assert.equal(response.headers.get('location'), '/demo/', path);
    }
  });

  it('a second npm start says in one line which port is busy and how to choose another, before building', async () => {
    const second = spawn('npm', ['start'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    second.stdout.on('data', (chunk) => (output += chunk));
    second.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((resolve) => second.on('exit', resolve));
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

  it('the SPA page signs in and out of the embedded provider through the JavaScript API', async () => {
    const page = await browser.newPage();
    await page.goto(DEMO);
    await page.click('#sign-in');
    await page.fill('input[name=login]', 'alice');
    await page.fill('input[name=password]', 'secret');
    await page.click('button[type=submit]');
    await page.waitForSelector('#who:text("alice")');
    await page.click('button[data-mode=redirect]');
    await page.waitForURL(/\/demo\/\?signed-out/);
    await page.waitForSelector('#who:text("nobody")');
    // The event log was kept through the sign-out by keepStorage: 'demo.*'.
    await page.waitForSelector('#log li:has-text("sign-out-start")');
    await page.waitForSelector('#log li:has-text("sign-out-complete")');
    // The provider session is gone too: signing in asks for credentials again.
    await page.click('#sign-in');
    await page.waitForSelector('input[name=login]');
    await page.close();
  });

  it('the CMS page signs out of the provider in a hidden iframe and ends the site session', async () => {
    const page = await browser.newPage();
    await page.goto(`${DEMO}cms/`);
    await page.click('#sign-in');
    await page.fill('input[name=login]', 'bob');
    await page.fill('input[name=password]', 'secret');
    await page.click('button[type=submit]');
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
      await cms.click('#sign-in');
      await cms.fill('input[name=login]', 'carol');
      await cms.fill('input[name=password]', 'secret');
      await cms.click('button[type=submit]');
      await cms.waitForURL(`${DEMO}cms/`);
      const cmsUser = () =>
        cms.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('oidc.user:')));
      assert.equal((await cmsUser()).length, 1, 'signed in to the CMS pages (client demo-cms)');
      const spa = await context.newPage();
      await spa.goto(DEMO);
      await spa.click('#sign-in');
      // The provider session exists: the SPA (client demo-spa) is signed in without a form.
      await spa.waitForSelector('#who:text("carol")');
      await spa.click('button[data-mode=redirect]');
      await spa.waitForURL(/\/demo\/\?signed-out/);
      // The provider loaded the CMS pages' front-channel logout page; the open CMS tab signed out.
      await cms.waitForURL(/\/site\/logout$/);
      assert.deepEqual(await cmsUser(), []);
    } finally {
      await context.close();
    }
  });
});

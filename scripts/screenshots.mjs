// `npm run screenshots`: the README's pictures of the demo, taken from the running demo (npm start
// on its usual ports) in Chromium, so that they show what a visitor sees today.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './browsers.mjs';

const OUT = 'docs/screenshots';
const DEMO = 'http://127.0.0.1:5173/demo/';
mkdirSync(OUT, { recursive: true });

const demo = spawn('node', ['scripts/start.mjs'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
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
  demo.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
});

const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
const shot = (page, name) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(DEMO);
  await page.waitForSelector('#provider-status:has-text("No session")');
  await shot(page, '1-signed-out');

  await page.click('#sign-in');
  await page.waitForSelector('input[name=login]');
  await page.fill('input[name=login]', 'alice');
  await shot(page, '2-provider-login');
  await page.fill('input[name=password]', 'secret');
  await page.click('button[type=submit]');
  await page.waitForSelector('#site-status b:text("alice")');
  await page.waitForSelector('#provider-status:has-text("Live session")');
  await page.check('input[name=mode][value=iframe]');
  await shot(page, '3-signed-in');

  await page.click('sign-out-button');
  await page.waitForSelector('#timeline > li[data-step=complete]', { timeout: 20000 });
  await page.waitForSelector('#provider-status:has-text("No session")');
  await page.locator('#timeline-heading').scrollIntoViewIfNeeded();
  await shot(page, '4-timeline-iframe');

  // Cross-site: the page on localhost, the provider on 127.0.0.1.
  const cross = await context.newPage();
  await cross.goto('http://localhost:5173/demo/');
  await cross.click('#sign-in');
  await cross.fill('input[name=login]', 'bob');
  await cross.fill('input[name=password]', 'secret');
  await cross.click('button[type=submit]');
  await cross.waitForSelector('#site-status b:text("bob")');
  await cross.check('input[name=mode][value=iframe]');
  await cross.click('sign-out-button');
  await cross.waitForSelector('#waiting:visible');
  await cross.waitForTimeout(1200);
  await shot(cross, '5-cross-site-waiting');
  await context.close();
  console.log(`screenshots written to ${OUT}/`);
} finally {
  await browser.close();
  process.kill(-demo.pid, 'SIGTERM');
}

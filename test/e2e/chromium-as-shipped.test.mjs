import assert from 'node:assert/strict';
import { after, before, describe, it } from './support/node-test.mjs';
import { launchChromium, startPages } from './support/stack.mjs';

// The end-to-end Chromium is launched as people's Chromium runs, not with Playwright's defaults:
// these two checks fail with Playwright's default arguments.
describe('the end-to-end Chromium runs as shipped', () => {
  let site;
  let other;
  let browser;
  before(async () => {
    site = await startPages('localhost');
    other = await startPages('127.0.0.1');
    browser = await launchChromium();
  });
  after(async () => {
    await Promise.race([browser?.close(), new Promise((resolve) => setTimeout(resolve, 15000).unref())]);
    await site?.close();
    await other?.close();
  });

  it('a cross-site iframe gets partitioned storage: it does not see what its origin stored at top level', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const probe = `${other.origin}/test/e2e/pages/storage-probe.html`;
      await page.goto(probe);
      await page.evaluate(() => localStorage.setItem('probe', 'first-party'));
      await page.goto(`${site.origin}/test/e2e/pages/after.html`);
      const seen = await page.evaluate(async (src) => {
        const frame = Object.assign(document.createElement('iframe'), { src });
        document.body.append(frame);
        await new Promise((resolve) => (frame.onload = resolve));
        return new Promise((resolve) => {
          window.onmessage = (event) => resolve(event.data.probe);
          frame.contentWindow.postMessage('probe', '*');
        });
      }, probe);
      assert.equal(seen, null, 'its own partition, neither blocked nor the first-party storage');
    } finally {
      await context.close();
    }
  });

  it('the back/forward cache is on: Back restores the page without reloading it', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.origin}/test/e2e/pages/after.html`);
      await page.evaluate(() => (window.__kept = 'in memory'));
      await page.goto(`${site.origin}/test/e2e/pages/storage-probe.html`);
      await page.goBack({ waitUntil: 'commit' });
      await page.waitForFunction(() => document.readyState === 'complete');
      assert.equal(await page.evaluate(() => window.__kept), 'in memory');
    } finally {
      await context.close();
    }
  });
});

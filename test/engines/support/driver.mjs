// One small driver over the two engines the Playwright suite cannot drive here: Firefox through
// puppeteer-core (WebDriver BiDi) and WebKitGTK's MiniBrowser through webdriverio (WebDriver
// classic, against the WebKitWebDriver started for it). Each test gets fresh storage: in Firefox
// a user context of its own in the file's one browser (its own cookies, storage and cache, as a
// fresh profile has), in WebKit a fresh browser (WebDriver classic has no such contexts).
import * as puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { findFirefox, startWebKitDriver, webkitCapabilities } from '../../../scripts/browsers.mjs';
import { registerChildGroups } from '../../e2e/support/processes.mjs';

/** `fn` as a string to run in the page: a function body that returns a value. */
const asScript = (fn) => `return (${fn})()`;

/** Firefox, launched once: `open()` gives a fresh user context and its first tab, `close()` ends it. */
async function firefox() {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: findFirefox(), headless: true });
  // Its process group is noted, so that `npm test` ends it even if this file is killed.
  registerChildGroups();
  return {
    open: async () => {
      const context = await browser.createBrowserContext();
      try {
        return firefoxTab(await context.newPage(), () => context.close());
      } catch (error) {
        await context.close().catch(() => undefined);
        throw error;
      }
    },
    close: () => browser.close(),
  };
}

function firefoxTab(page, close) {
  return {
    goto: (url) => page.goto(url),
    // Like Playwright's, a click or a fill first waits for its element (a page may still be loading).
    click: async (selector) => (await page.waitForSelector(selector, { timeout: 15000 })).click(),
    fill: async (selector, text) => (await page.waitForSelector(selector, { timeout: 15000 })).type(text),
    waitForSelector: (selector, timeout = 15000) => page.waitForSelector(selector, { timeout }),
    waitForFunction: (fn, timeout = 15000) => page.waitForFunction(fn, { timeout }),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    url: () => page.url(),
    close,
  };
}

async function webkit() {
  const driver = await startWebKitDriver();
  let browser;
  try {
    browser = await remote({
      hostname: '127.0.0.1',
      port: driver.port,
      logLevel: 'error',
      capabilities: webkitCapabilities(driver.browser),
    });
  } catch (error) {
    driver.stop();
    throw error;
  }
  const until = async (check, timeout, what) => browser.waitUntil(check, { timeout, interval: 100, timeoutMsg: what });
  return {
    goto: (url) => browser.url(url),
    click: async (selector) => {
      const element = await browser.$(selector);
      await element.waitForExist({ timeout: 15000 });
      await element.click();
    },
    fill: async (selector, text) => {
      const element = await browser.$(selector);
      await element.waitForExist({ timeout: 15000 });
      await element.setValue(text);
    },
    waitForSelector: (selector, timeout = 15000) =>
      until(async () => (await browser.$(selector)).isExisting(), timeout, `no ${selector}`),
    waitForFunction: (fn, timeout = 15000) =>
      until(() => browser.execute(asScript(fn)), timeout, `not true: ${String(fn)}`),
    evaluate: (fn, arg) => browser.execute(`return (${fn})(arguments[0])`, arg),
    url: () => browser.getUrl(),
    close: async () => {
      try {
        await browser.deleteSession();
      } finally {
        driver.stop();
      }
    },
  };
}

/**
 * The file's browser of `engine` (`firefox` or `webkit`): `open()` resolves with a tab of fresh
 * storage (`goto`, `click`, … and `close()`), `close()` ends the browser and what it started.
 */
export async function launch(engine) {
  if (engine === 'firefox') return firefox();
  // A fresh WebKit (driver, display and browser) per tab: its close ends all three.
  if (engine === 'webkit') return { open: webkit, close: async () => undefined };
  throw new Error(`The smoke suite drives firefox or webkit, not ${engine}.`);
}

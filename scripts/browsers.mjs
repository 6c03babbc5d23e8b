// The browsers the tests drive, one per engine: Chromium (Debian's chromium, or a Chrome), Firefox
// (Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core) and WebKit (WebKitGTK's
// MiniBrowser behind WebKitWebDriver, under an Xvfb display). `ensureBrowsers()` installs the
// missing Debian packages when apt-get is usable as root; otherwise it stops with the exact command.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The engines, in the order `npm test` runs them. */
export const ENGINES = ['chromium', 'firefox', 'webkit'];

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const WEBKIT_DRIVER_CANDIDATES = ['/usr/bin/WebKitWebDriver'];
const MINIBROWSER_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
];
const XVFB_CANDIDATES = ['/usr/bin/Xvfb'];

/** Debian's packages for each engine. */
const PACKAGES = {
  chromium: ['chromium'],
  firefox: ['firefox-esr'],
  webkit: ['webkit2gtk-driver', 'xvfb'],
};

/** Launch arguments for headless Chromium on this kind of machine (root, no network, no GPU). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Playwright's Chromium launch, less what Playwright switches off that people's browsers have:
 * the back/forward cache (`--disable-back-forward-cache`) and third-party storage partitioning
 * (in its `--disable-features` list). A later `--disable-features` replaces Playwright's, so it
 * repeats the rest of that list (network quieting and test stability) without the partitioning.
 */
export const CHROMIUM_AS_SHIPPED = {
  args: [
    ...CHROMIUM_ARGS,
    '--disable-features=' +
      [
        'AvoidUnnecessaryBeforeUnloadCheckSync',
        'DestroyProfileOnBrowserClose',
        'HttpsUpgrades',
        'HttpsFirstBalancedModeAutoEnable',
        'LensOverlay',
        'MediaRouter',
        'PaintHolding',
        'AvoidCorsURLLoaderRestartOnRedirect',
        'OptimizationHints',
        'NetworkTimeServiceQuerying',
        'AimEnabled',
        'PreconnectToSearch',
      ].join(','),
  ],
  ignoreDefaultArgs: ['--disable-back-forward-cache'],
};

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fromEnv(name) {
  const value = process.env[name];
  if (!value) return null;
  if (executable(value)) return value;
  throw new Error(`${name}=${value} is not an executable file.`);
}

/** Where each engine's programs are, or null for what is missing. */
export function findChromium() {
  return fromEnv('CHROME_PATH') ?? CHROMIUM_CANDIDATES.find(executable) ?? null;
}
export function findFirefox() {
  return fromEnv('FIREFOX_PATH') ?? FIREFOX_CANDIDATES.find(executable) ?? null;
}
export function findWebKit() {
  const driver = fromEnv('WEBKIT_DRIVER_PATH') ?? WEBKIT_DRIVER_CANDIDATES.find(executable);
  const browser = fromEnv('MINIBROWSER_PATH') ?? MINIBROWSER_CANDIDATES.find(executable);
  const xvfb = XVFB_CANDIDATES.find(executable);
  return driver && browser && xvfb ? { driver, browser, xvfb } : null;
}

const FINDERS = { chromium: findChromium, firefox: findFirefox, webkit: findWebKit };

export function installCommand(engines) {
  return `sudo apt-get update && sudo apt-get install -y ${engines.flatMap((engine) => PACKAGES[engine]).join(' ')}`;
}

function canInstallWithApt() {
  return process.platform === 'linux' && process.getuid?.() === 0 && executable('/usr/bin/apt-get');
}

/**
 * Makes sure every engine of `engines` is there, installing Debian's packages as root; exits
 * with the exact command to run otherwise.
 */
export function ensureBrowsers(engines = ENGINES) {
  const missing = engines.filter((engine) => !FINDERS[engine]());
  if (!missing.length) return;
  if (!canInstallWithApt()) {
    console.error(`Missing browsers for the tests: ${missing.join(', ')}. Install them with:\n`);
    console.error(`  ${installCommand(missing)}\n`);
    console.error('or point CHROME_PATH, FIREFOX_PATH, WEBKIT_DRIVER_PATH and MINIBROWSER_PATH at your own.');
    process.exit(1);
  }
  const packages = missing.flatMap((engine) => PACKAGES[engine]);
  console.log(`Installing Debian's ${packages.join(', ')} for the tests (apt-get, a minute or two)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  const still = engines.filter((engine) => !FINDERS[engine]());
  if (still.length) {
    console.error(`apt-get ran, but ${still.join(', ')} did not appear. Try:\n\n  ${installCommand(still)}`);
    process.exit(1);
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command` in its own process group; `stop()` ends the group by pid. Under `npm test`, the
 * pid is noted in TEST_PID_DIR too, so that the group ends with the test file that started it.
 */
function startDetached(command, args, env) {
  const child = spawn(command, args, { detached: true, stdio: 'ignore', env });
  if (process.env.TEST_PID_DIR && child.pid) writeFileSync(`${process.env.TEST_PID_DIR}/${child.pid}`, '');
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  return { child, stop };
}

async function waitFor(check, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

/**
 * Starts an Xvfb display and WebKitWebDriver on free ports, each in its own process group.
 * Resolves with `{ port, display, browser, stop }`; `stop()` ends both by pid.
 */
export async function startWebKitDriver() {
  const webkit = findWebKit();
  if (!webkit) throw new Error('WebKitGTK is missing: run the tests through `npm test`, which installs it.');
  let displayNumber = 90 + Math.floor(Math.random() * 400);
  while (existsSync(`/tmp/.X11-unix/X${displayNumber}`)) displayNumber += 1;
  const display = `:${displayNumber}`;
  const xvfb = startDetached(webkit.xvfb, [display, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], process.env);
  try {
    await waitFor(() => existsSync(`/tmp/.X11-unix/X${displayNumber}`), `Xvfb ${display}`);
    const port = await freePort();
    const driver = startDetached(webkit.driver, [`--port=${port}`, '--host=127.0.0.1'], {
      ...process.env,
      DISPLAY: display,
    });
    const stop = () => {
      driver.stop();
      xvfb.stop();
    };
    try {
      await waitFor(
        () =>
          fetch(`http://127.0.0.1:${port}/status`).then(
            (response) => response.ok,
            () => false,
          ),
        'WebKitWebDriver',
      );
    } catch (error) {
      stop();
      throw error;
    }
    return { port, display, browser: webkit.browser, stop };
  } catch (error) {
    xvfb.stop();
    throw error;
  }
}

/** WebDriver capabilities for MiniBrowser behind WebKitWebDriver. */
export function webkitCapabilities(browser) {
  return {
    browserName: 'MiniBrowser',
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary: browser, args: ['--automation'] },
  };
}

// Finds the Chromium the tests drive: CHROME_PATH, then Debian's /usr/bin/chromium, then common
// Chrome paths. `ensureChromium()` installs Debian's chromium when none is found and apt-get is
// usable as root; otherwise it stops with the exact command to run.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y chromium';

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

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of a Chromium to use, or null. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH=${fromEnv} is not an executable file.`);
  }
  return CANDIDATES.find(executable) ?? null;
}

function canInstallWithApt() {
  return process.platform === 'linux' && process.getuid?.() === 0 && executable('/usr/bin/apt-get');
}

/** Finds Chromium, installing Debian's package when that is possible; exits with advice otherwise. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (!canInstallWithApt()) {
    console.error(`No Chromium found (looked at CHROME_PATH, ${CANDIDATES.join(', ')}).`);
    console.error(`Install it with:\n\n  ${INSTALL_COMMAND}\n\nor set CHROME_PATH to a Chrome or Chromium binary.`);
    process.exit(1);
  }
  console.log("No Chromium found: installing Debian's chromium package (apt-get, about half a minute)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  const installed = findChromium();
  if (!installed) {
    console.error(`apt-get ran, but no Chromium appeared. Try:\n\n  ${INSTALL_COMMAND}`);
    process.exit(1);
  }
  return installed;
}

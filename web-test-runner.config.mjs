// Component tests in one engine per run, named by ENGINE: `chromium` (default), `firefox` (Debian's
// firefox-esr over WebDriver BiDi, through puppeteer-core) or `webkit` (MiniBrowser behind the
// WebKitWebDriver that scripts/test.mjs starts under Xvfb, WEBKIT_DRIVER_PORT). TypeScript through
// esbuild (the tsconfig option is required for Lit's decorators), and a reporter that counts
// results for scripts/test.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteerCore from 'puppeteer-core';
import {
  CHROMIUM_ARGS,
  ensureBrowsers,
  findChromium,
  findFirefox,
  findWebKit,
  webkitCapabilities,
} from './scripts/browsers.mjs';

const engine = process.env.ENGINE ?? 'chromium';

/**
 * The test pages are served over https with a self-signed certificate (made once with openssl):
 * `Secure` cookies, `__Host-` and `__Secure-` ones among them, are only set on a secure origin in
 * every engine (WebKit refuses them on http://localhost). The engines' runs start side by side:
 * the certificate is made in a folder of its own and renamed into place, so a run sees either no
 * certificate or a whole one.
 */
function testCertificate() {
  const dir = join(tmpdir(), 'sign-out-button-test-tls');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  if (!existsSync(key) || !existsSync(cert)) {
    const making = mkdtempSync(join(tmpdir(), 'sign-out-button-test-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '30',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(making, 'key.pem'),
        '-out',
        join(making, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    // A folder left without both files (an older run's) is replaced; one another run just made is kept.
    if (existsSync(dir) && !(existsSync(key) && existsSync(cert))) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(making, dir);
    } catch {
      rmSync(making, { recursive: true, force: true });
    }
  }
  return { sslKey: key, sslCert: cert };
}

function browserFor(name) {
  ensureBrowsers([name]);
  if (name === 'chromium') {
    return chromeLauncher({
      launchOptions: { executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS, acceptInsecureCerts: true },
    });
  }
  if (name === 'firefox') {
    return chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: findFirefox(), headless: true, acceptInsecureCerts: true },
    });
  }
  if (name === 'webkit') {
    const port = Number(process.env.WEBKIT_DRIVER_PORT);
    if (!port) throw new Error('ENGINE=webkit needs WEBKIT_DRIVER_PORT: run it through `npm test -- unit webkit`.');
    return webdriverLauncher({
      automationProtocol: 'webdriver',
      hostname: '127.0.0.1',
      port,
      capabilities: { ...webkitCapabilities(findWebKit().browser), acceptInsecureCerts: true },
    });
  }
  throw new Error(`ENGINE=${name}: not one of chromium, firefox, webkit.`);
}

function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0 };
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          counts[test.passed ? 'passed' : 'failed'] += 1;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that fails to load has no results: count it as a failure.
        if (!session.passed && !session.testResults?.tests.length && !session.testResults?.suites.length)
          counts.failed += 1;
      }
      if (process.env.TEST_COUNTS_FILE) writeFileSync(process.env.TEST_COUNTS_FILE, JSON.stringify(counts));
    },
  };
}

// Discovery documents for the error-mapping unit tests: an ordinary one, one without end_session_endpoint, one
// that publishes a javascript: endpoint (a hostile provider). The real provider, with RP-Initiated
// Logout disabled and with a hostile discovery document, is exercised by the end-to-end suite.
const DISCOVERY_FIXTURES = {
  'logout-op': (origin) => ({ end_session_endpoint: `${origin}/fixtures/end-session.html` }),
  'no-logout-op': () => ({}),
  'hostile-op': () => ({ end_session_endpoint: 'javascript:window.__pwned=1//' }),
  // A provider whose end-session endpoint is on another origin than its issuer.
  'split-op': () => ({ end_session_endpoint: 'https://logout.op.example/end' }),
};

/** Discovery fixtures answered with a Cache-Control header, as providers send one (or none). */
const CACHED_DISCOVERY = {
  'cached-op': 'public, max-age=600',
  'long-cached-op': 'public, max-age=86400',
  'no-store-op': 'no-store',
};

function discoveryFixture(context, next) {
  // A provider that accepts the request and never answers it.
  if (context.path === '/fixtures/silent-op/.well-known/openid-configuration') return new Promise(() => undefined);
  const match = /^\/fixtures\/([\w-]+)\/\.well-known\/openid-configuration$/.exec(context.path);
  const fixture =
    match && (DISCOVERY_FIXTURES[match[1]] ?? (CACHED_DISCOVERY[match[1]] && DISCOVERY_FIXTURES['logout-op']));
  if (match && CACHED_DISCOVERY[match[1]]) context.set('Cache-Control', CACHED_DISCOVERY[match[1]]);
  if (fixture) {
    const issuer = `${context.protocol}://${context.host}/fixtures/${match[1]}`;
    context.type = 'application/json';
    const origin = `${context.protocol}://${context.host}`;
    context.body = JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, ...fixture(origin) });
    return undefined;
  }
  return next();
}

export default {
  files: 'test/unit/**/*.test.ts',
  nodeResolve: true,
  concurrency: 1,
  middleware: [discoveryFixture],
  plugins: [esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  browsers: [browserFor(engine)],
  protocol: 'https:',
  http2: true,
  ...testCertificate(),
  // Generous, for a loaded machine: a test that hangs still fails, and the run goes on.
  testFramework: { config: { timeout: 30000 } },
  browserStartTimeout: 120000,
  testsStartTimeout: 120000,
  testsFinishTimeout: 600000,
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
};

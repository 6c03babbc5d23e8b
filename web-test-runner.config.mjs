// Component tests in headless Chromium. TypeScript through esbuild (the tsconfig option is required
// for Lit's decorators), and a reporter that counts results for scripts/test.mjs.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, ensureChromium } from './scripts/chromium.mjs';

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

// Discovery documents for the error-mapping unit tests: one without end_session_endpoint, one
// that publishes a javascript: endpoint (a hostile provider). The real provider, with RP-Initiated
// Logout disabled and with a hostile discovery document, is exercised by the end-to-end suite.
const DISCOVERY_FIXTURES = {
  'no-logout-op': () => ({}),
  'hostile-op': () => ({ end_session_endpoint: 'javascript:window.__pwned=1//' }),
};

function discoveryFixture(context, next) {
  const match = /^\/fixtures\/([\w-]+)\/\.well-known\/openid-configuration$/.exec(context.path);
  const fixture = match && DISCOVERY_FIXTURES[match[1]];
  if (fixture) {
    const issuer = `${context.protocol}://${context.host}/fixtures/${match[1]}`;
    context.type = 'application/json';
    context.body = JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, ...fixture() });
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
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
};

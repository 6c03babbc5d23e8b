// `npm test`: finds (or installs) Chromium, runs the component tests (@web/test-runner) and the
// end-to-end tests (node --test, real oidc-provider), and closes with one "N passed, N failed" line.
// `npm test -- unit` or `npm test -- e2e` runs one half.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from './chromium.mjs';

const only = process.argv[2];
const chrome = ensureChromium();
const env = { ...process.env, CHROME_PATH: chrome };
const countsDir = mkdtempSync(join(tmpdir(), 'sign-out-button-test-'));

function run(command, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const totals = { passed: 0, failed: 0 };
let exitCode = 0;

/** Runs one test half, whose reporter writes {"passed", "failed"} to `countsFile`, and adds it up. */
async function runCounted(name, command, args, extraEnv = {}) {
  const countsFile = join(countsDir, `${name}.json`);
  const code = await run(command, args(countsFile), extraEnv(countsFile));
  let counts = null;
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  } catch {
    // No counts: the runner died before reporting, which fails the run below.
  }
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
  }
  if (code !== 0 || !counts) exitCode = 1;
}

if (!only || only === 'unit') {
  await runCounted(
    'unit',
    'npx',
    () => ['web-test-runner', '--config', 'web-test-runner.config.mjs'],
    (countsFile) => ({ TEST_COUNTS_FILE: countsFile }),
  );
}

if (!only || only === 'e2e') {
  // The drop-in files and the package are tested as built.
  if ((await run('node', ['scripts/build.mjs'])) !== 0) exitCode = 1;
  await runCounted(
    'e2e',
    'node',
    (countsFile) => [
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/count-reporter.mjs',
      `--test-reporter-destination=${countsFile}`,
      'test/e2e/',
      'test/package/',
    ],
    () => ({}),
  );
}

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(exitCode);

// `npm test`: finds (or installs) Chromium, Firefox ESR and WebKitGTK, then per engine, one at a
// time: the component tests (@web/test-runner), and the end-to-end tests against a real
// oidc-provider (the full Playwright suite and the package checks on Chromium, the engine smoke
// suite on Firefox and WebKit). Closes with one "ENGINE: N passed, M failed" line per engine and a
// "tests: N passed, M failed" total.
// `npm test -- unit` or `npm test -- e2e` runs one half; engine names (`firefox webkit`) pick engines.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, ensureBrowsers, startWebKitDriver } from './browsers.mjs';

const words = process.argv.slice(2);
const halves = words.filter((word) => word === 'unit' || word === 'e2e');
const engines = words.filter((word) => ENGINES.includes(word));
const unknown = words.filter((word) => !halves.includes(word) && !engines.includes(word));
if (unknown.length) {
  console.error(`npm test: unknown ${unknown.join(', ')}; use unit, e2e and/or ${ENGINES.join(', ')}.`);
  process.exit(2);
}
const runs = (half) => !halves.length || halves.includes(half);
const selected = engines.length ? ENGINES.filter((engine) => engines.includes(engine)) : ENGINES;
ensureBrowsers(selected);
const countsDir = mkdtempSync(join(tmpdir(), 'sign-out-button-test-'));

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const totals = Object.fromEntries(selected.map((engine) => [engine, { passed: 0, failed: 0 }]));
let exitCode = 0;

/** Runs one test part, whose reporter writes {"passed", "failed"} to a counts file, and adds it to `engine`. */
async function runCounted(engine, name, command, args, env = () => ({})) {
  const countsFile = join(countsDir, `${engine}-${name}.json`);
  const code = await run(command, args(countsFile), env(countsFile));
  let counts = null;
  try {
    counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  } catch {
    // No counts: the runner died before reporting, which fails the run below.
  }
  if (counts) {
    totals[engine].passed += counts.passed;
    totals[engine].failed += counts.failed;
  }
  if (code !== 0 || !counts) {
    exitCode = 1;
    if (!counts) totals[engine].failed += 1;
  }
}

/** The component tests in `engine`; WebKit's driver and display run only around its part. */
async function unitTests(engine) {
  const webkit = engine === 'webkit' ? await startWebKitDriver() : null;
  try {
    await runCounted(
      engine,
      'unit',
      'npx',
      () => ['web-test-runner', '--config', 'web-test-runner.config.mjs'],
      (countsFile) => ({
        ENGINE: engine,
        TEST_COUNTS_FILE: countsFile,
        ...(webkit ? { WEBKIT_DRIVER_PORT: String(webkit.port) } : {}),
      }),
    );
  } finally {
    webkit?.stop();
  }
}

/** node --test over `paths`, counted for `engine`. */
function nodeTests(engine, paths, env = {}) {
  return runCounted(
    engine,
    'e2e',
    'node',
    (countsFile) => [
      '--test',
      '--test-concurrency=1',
      // A test that hangs fails after this long, instead of holding the whole run.
      '--test-timeout=120000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/count-reporter.mjs',
      `--test-reporter-destination=${countsFile}`,
      ...paths,
    ],
    () => env,
  );
}

// The drop-in files and the package are tested as built.
if (runs('e2e') && (await run('node', ['scripts/build.mjs'])) !== 0) exitCode = 1;

for (const engine of selected) {
  console.log(`\n=== ${engine} ===`);
  if (runs('unit')) await unitTests(engine);
  if (runs('e2e')) {
    if (engine === 'chromium') await nodeTests(engine, ['test/e2e/', 'test/package/']);
    else await nodeTests(engine, ['test/engines/'], { ENGINE: engine });
  }
}

console.log('');
for (const engine of selected)
  console.log(`${engine}: ${totals[engine].passed} passed, ${totals[engine].failed} failed`);
const passed = selected.reduce((sum, engine) => sum + totals[engine].passed, 0);
const failed = selected.reduce((sum, engine) => sum + totals[engine].failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(exitCode);

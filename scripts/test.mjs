// `npm test`: finds (or installs) Chromium, Firefox ESR and WebKitGTK, runs `npm run lint`, builds
// dist/ once (tests only read it), then, side by side, four parts at a time: the component tests
// (@web/test-runner) of each engine, and each end-to-end file against a real oidc-provider (the
// full Playwright suite and the package checks on Chromium, the engine smoke suite on Firefox and
// WebKit) as its own process (the CPU-bound package builds one at a time, at the lowest CPU
// priority). Closes with one "ENGINE: N passed, M failed" line per engine and a "tests: N passed,
// M failed" total.
// `npm test -- unit` or `npm test -- e2e` runs one half; engine names (`firefox webkit`) pick engines.
// The interop suite against Debian's Glewlwyd and LemonLDAP::NG (test/interop/interop.test.mjs) is
// a Chromium part of the e2e half; `npm test -- interop` runs it alone. So are the CMS suites
// (test/cms/: the WordPress plugin in Debian's WordPress, with its own summary line).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, ensureBrowsers, freePort, startWebKitDriver } from './browsers.mjs';
import { WORDS, selection } from './test-selection.mjs';

const { unknown, runs, selected } = selection(process.argv.slice(2), ENGINES);
if (unknown.length) {
  console.error(`npm test: unknown ${unknown.join(', ')}; use ${[...WORDS, ...ENGINES].join(', ')}.`);
  process.exit(2);
}
/** The interop suite: real providers from Debian, installed as root when missing (else skipped, saying so). */
const INTEROP_FILE = 'test/interop/interop.test.mjs';

/** How many test parts run at once: the parts wait on browsers and timers much of the time. */
const PARALLEL = 4;
/** A part that runs longer than this is killed with its process group and counted as failed. */
const PART_LIMIT_MS = 8 * 60_000;
const LIMITS_MS = {
  'test/package/frameworks.test.mjs': 20 * 60_000,
  unit: 12 * 60_000,
  // About two minutes beside the rest, four on a loaded machine, plus Debian's packages on a fresh
  // machine (a minute or two): 6 minutes were too few beside other work (killed at 360 s).
  'test/interop/interop.test.mjs': 12 * 60_000,
  // About one and a half minutes alone, four and more on a loaded machine, plus Debian's
  // WordPress, MariaDB and Apache on a fresh machine.
  'test/cms/wordpress.test.mjs': 12 * 60_000,
};
/**
 * Parts that keep a core busy for long stretches (type checks and builds): they run one at a
 * time, at the lowest CPU priority (`nice`), so that the parts that wait for a page to answer
 * (some component tests wait 100 or 600 ms) get the processor first.
 */
const CPU_BOUND = ['test/package/frameworks.test.mjs', 'test/package/pack.test.mjs'];
const NICE = ['nice', '-n', '19'];
/** The slowest parts start first, so that the last ones to finish are short. */
const SLOW_FIRST = [
  'firefox unit',
  'webkit unit',
  'chromium unit',
  'chromium test/package/frameworks.test.mjs',
  `chromium ${INTEROP_FILE}`,
  'chromium test/package/pack.test.mjs',
  'chromium test/cms/wordpress.test.mjs',
  'firefox test/engines/smoke.test.mjs',
  'chromium test/e2e/everywhere.test.mjs',
  'chromium test/e2e/demo-start.test.mjs',
  'chromium test/e2e/faults.test.mjs',
  'chromium test/e2e/providers.test.mjs',
  'chromium test/e2e/popup-and-post.test.mjs',
  'webkit test/engines/smoke.test.mjs',
  'chromium test/e2e/iframe.test.mjs',
  'chromium test/e2e/hardening.test.mjs',
  'chromium test/e2e/redirect.test.mjs',
];
const BIN = join(process.cwd(), 'node_modules/.bin');

const workDir = mkdtempSync(join(tmpdir(), 'sign-out-button-test-'));
const totals = Object.fromEntries(selected.map((engine) => [engine, { passed: 0, failed: 0 }]));
const timings = [];
let exitCode = 0;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Whether process group `pgid` has a member that is not a zombie: a zombie is dead already, and
 * waits only for a parent that may never reap it (where PID 1 reaps none).
 */
function alive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .some((name) => {
        try {
          const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
          // After the command name: state, ppid, pgrp.
          const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(pgrp) === pgid && state !== 'Z';
        } catch {
          return false;
        }
      });
  } catch {
    // No /proc: the signal's answer is all there is.
    return true;
  }
}

/** Ends process group `pid`: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
async function killGroup(pid, graceMs = 5000) {
  for (const [signal, waitMs] of [
    ['SIGTERM', graceMs],
    ['SIGKILL', 2000],
  ]) {
    try {
      process.kill(-pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + waitMs;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!alive(pid)) return;
  }
}

/**
 * Runs `command` in its own process group with its output kept, killing the group after
 * `limitMs`, then every process group the part's tests noted in its pid directory (helpers they
 * started detached). Resolves with `{ code, output, killed, leftovers }`.
 */
function runPart(command, args, { env = {}, limitMs, pidDir }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', ...env, TEST_PID_DIR: pidDir },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      void killGroup(child.pid);
    }, limitMs);
    let finished = false;
    const finish = async (code, signal) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      // What is left of the part's own group (e.g. a grandchild that ignored the end of its parent).
      await killGroup(child.pid, 1000);
      const leftovers = [];
      for (const name of readdirSync(pidDir)) {
        const pid = Number(name);
        if (!alive(pid)) continue;
        leftovers.push(pid);
        await killGroup(pid, 2000);
      }
      resolve({ code: code ?? (signal ? 1 : 0), output, killed, leftovers });
    };
    child.on('close', finish);
    child.on('error', (error) => {
      output += `\n${error.message}\n`;
      // It did not start: no exit or close comes.
      if (child.pid === undefined) void finish(1);
    });
    // A process that inherited the part's output may keep it open after the part ended.
    child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 5000));
  });
}

/** Reads a counts file: its last line is {"passed", "failed"} (the reporter writes after each test). */
function readCounts(file) {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return JSON.parse(lines.at(-1));
  } catch {
    return null;
  }
}

/**
 * One test part for `engine`: `start(countsFile, pidDir)` returns `{ command, args, env, stop }`.
 * Its output is printed when it ends, in one piece, and its counts are added to the engine's.
 */
async function part(engine, name, limitMs, start) {
  const slug = `${engine}-${name}`.replace(/[^\w.-]+/g, '_');
  const countsFile = join(workDir, `${slug}.counts`);
  const pidDir = join(workDir, `${slug}.pids`);
  mkdirSync(pidDir);
  const started = Date.now();
  console.log(`… ${engine} ${name}: started`);
  let result;
  let setup = null;
  try {
    setup = await start(countsFile);
    result = await runPart(setup.command, setup.args, { env: setup.env, limitMs, pidDir });
  } catch (error) {
    result = { code: 1, output: `${error.stack ?? error}\n`, killed: false, leftovers: [] };
  } finally {
    await setup?.stop?.();
  }
  const took = Date.now() - started;
  timings.push({ engine, name, took });
  const counts = readCounts(countsFile);
  const problems = [];
  if (result.killed)
    problems.push(
      `${name} did not finish within ${seconds(limitMs)}: its process group was killed (SIGTERM, then SIGKILL), counted as a failure`,
    );
  else if (!counts) problems.push(`${name} reported no results (exit code ${result.code}), counted as a failure`);
  if (result.leftovers.length)
    problems.push(`${name} left process groups ${result.leftovers.join(', ')} running: killed`);
  if (counts) {
    totals[engine].passed += counts.passed;
    totals[engine].failed += counts.failed;
  }
  if (result.killed || !counts) totals[engine].failed += 1;
  const failed = result.code !== 0 || result.killed || !counts || counts.failed > 0;
  if (failed) exitCode = 1;
  const summary = counts ? `${counts.passed} passed, ${counts.failed} failed` : 'no results';
  console.log(`\n=== ${engine} ${name} (${seconds(took)}; ${summary}) ===`);
  process.stdout.write(result.output.endsWith('\n') || !result.output ? result.output : `${result.output}\n`);
  for (const problem of problems) console.log(`!!! ${engine}: ${problem}`);
}

/** The component tests in `engine`; WebKit's driver and display run only around its part. */
function unitPart(engine) {
  return () =>
    part(engine, 'unit', LIMITS_MS.unit, async (countsFile) => {
      const webkit = engine === 'webkit' ? await startWebKitDriver() : null;
      return {
        command: join(BIN, 'web-test-runner'),
        args: ['--config', 'web-test-runner.config.mjs', '--port', String(await freePort())],
        env: {
          ENGINE: engine,
          TEST_COUNTS_FILE: countsFile,
          ...(webkit ? { WEBKIT_DRIVER_PORT: String(webkit.port) } : {}),
        },
        stop: () => webkit?.stop(),
      };
    });
}

/** One node:test file as its own process, counted for `engine`. */
function nodePart(engine, file, env = {}) {
  const niced = CPU_BOUND.includes(file);
  return () =>
    part(engine, file, LIMITS_MS[file] ?? PART_LIMIT_MS, async (countsFile) => ({
      command: niced ? NICE[0] : process.execPath,
      args: [
        ...(niced ? [...NICE.slice(1), process.execPath] : []),
        '--test',
        // A handle a test leaked must not keep a finished file alive.
        '--test-force-exit',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=./scripts/count-reporter.mjs',
        `--test-reporter-destination=${countsFile}`,
        file,
      ],
      env,
    }));
}

/** Runs `command` with its output kept; resolves with `{ code, output }`. */
function runQuiet(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const runStarted = Date.now();
ensureBrowsers(selected);

// Lint first: the tests run only on code that passes it. The build (dist/, which the tests only
// read) and Vite's dependency cache (which the page servers only read) are made meanwhile.
const needsBuild = runs('e2e') || runs('interop');
console.log('npm run lint' + (needsBuild ? ', and meanwhile the build (dist/) and the Vite dependency cache' : ''));
const preparing = Date.now();
const [lint, build, viteCache] = await Promise.all([
  runQuiet('npm', ['run', 'lint', '--silent']),
  needsBuild ? runQuiet(process.execPath, ['scripts/build.mjs']) : null,
  needsBuild
    ? runQuiet(process.execPath, [
        '--input-type=module',
        '-e',
        "await (await import('./test/e2e/support/stack.mjs')).prepareViteCache()",
      ])
    : null,
]);
timings.push({ engine: 'all', name: 'lint, build and Vite cache', took: Date.now() - preparing });
if (lint.code !== 0) {
  process.stdout.write(lint.output);
  console.error('\nnpm test: `npm run lint` failed (above); no tests were run. `npm run format` fixes the formatting.');
  process.exit(1);
}
for (const [what, step] of [
  ['the build (node scripts/build.mjs)', build],
  ['preparing the Vite dependency cache', viteCache],
]) {
  if (step && step.code !== 0) {
    process.stdout.write(step.output);
    console.error(`\nnpm test: ${what} failed (above); no tests were run.`);
    process.exit(1);
  }
}

// The parts, side by side: the component tests of each engine (each serves its pages on its own
// port, so no two engines share an origin's storage), and each end-to-end file.
const jobs = [];
if (runs('unit')) for (const engine of selected) jobs.push({ key: `${engine} unit`, run: unitPart(engine) });
if (runs('e2e')) {
  const files = (dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.test.mjs'))
      .sort()
      .map((name) => `${dir}/${name}`);
  for (const engine of selected) {
    if (engine === 'chromium')
      for (const file of [...files('test/e2e'), ...(runs('cms') ? files('test/cms') : []), ...files('test/package')])
        jobs.push({
          key: `${engine} ${file}`,
          group: CPU_BOUND.includes(file) ? 'cpu' : null,
          run: nodePart(engine, file),
        });
    else
      for (const file of files('test/engines'))
        jobs.push({ key: `${engine} ${file}`, run: nodePart(engine, file, { ENGINE: engine }) });
  }
}
if (runs('interop') && selected.includes('chromium'))
  jobs.push({ key: `chromium ${INTEROP_FILE}`, run: nodePart('chromium', INTEROP_FILE) });
const rank = (job) => (SLOW_FIRST.includes(job.key) ? SLOW_FIRST.indexOf(job.key) : 99);
jobs.sort((a, b) => rank(a) - rank(b));
// A part waits while another of its group runs (the CPU-bound ones, one at a time).
const runningGroups = new Set();
let wake;
let jobEnded = new Promise((resolve) => (wake = resolve));
const mayStart = (job) => !job.group || !runningGroups.has(job.group);
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (jobs.length) {
      const at = jobs.findIndex(mayStart);
      if (at < 0) {
        await jobEnded;
        continue;
      }
      const [job] = jobs.splice(at, 1);
      if (job.group) runningGroups.add(job.group);
      try {
        await job.run();
      } finally {
        if (job.group) runningGroups.delete(job.group);
        const ended = wake;
        jobEnded = new Promise((resolve) => (wake = resolve));
        ended();
      }
    }
  }),
);
rmSync(workDir, { recursive: true, force: true });

console.log('\nHow long each part took (side by side, so they add up to more than the run):');
for (const { engine, name, took } of timings) console.log(`  ${seconds(took).padStart(8)}  ${engine} ${name}`);
console.log(`  ${seconds(Date.now() - runStarted).padStart(8)}  npm test, in all`);
console.log('');
for (const engine of selected)
  console.log(`${engine}: ${totals[engine].passed} passed, ${totals[engine].failed} failed`);
const passed = selected.reduce((sum, engine) => sum + totals[engine].passed, 0);
const failed = selected.reduce((sum, engine) => sum + totals[engine].failed, 0);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed ? 1 : 0));

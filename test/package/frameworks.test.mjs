// React 19 and Vue 3 apps (Vite, TypeScript), and an Angular 21 app, built against the packed package, as a user installs
// it: `npm pack`, then `npm install <tarball>` in each app (its dependencies lit, @lit/react and
// oidc-client-ts come from npm's cache, which `npm ci` filled). The frameworks and tools themselves
// (react, vue, vite, typescript, vue-tsc) come from this repository's node_modules, one folder up.
// Each app is type-checked (a wrong attribute value must fail, at the line we expect), built, and
// clicked in Chromium: the React component's props and the bare tag both deliver their events.
// An app's installed dependencies are kept between runs (~/.cache/sign-out-button), keyed by its
// package.json and the package's dependencies: a run with the same key installs only the tarball.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../../scripts/browsers.mjs';
import { after, before, describe, it } from '../e2e/support/node-test.mjs';
import { run as runProcess } from '../e2e/support/processes.mjs';
import { launchChromium } from '../e2e/support/stack.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'node_modules/.bin');
/** Installed app dependencies, kept between runs (and clones): keyed by what decides them. */
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sign-out-button/frameworks');
/** A cold Angular install from the registry, or a build on a loaded machine, takes minutes. */
const SLOW = { timeout: 600_000 };

/** Runs `command` (without blocking the event loop: the test's own time limit still applies). */
function run(command, args, cwd) {
  return runProcess(command, args, { cwd, env: { ...process.env, NG_CLI_ANALYTICS: 'false' }, timeoutMs: 540_000 });
}

async function mustRun(command, args, cwd) {
  const result = await run(command, args, cwd);
  assert.equal(result.code, 0, `${command} ${args.join(' ')} in ${cwd}:\n${result.output}`);
  return result.stdout;
}
/** TypeScript's `file(line,col): error TS…: message` lines. */
const typeErrors = (output) =>
  output
    .split('\n')
    .map((line) => line.match(/^(\S+)\((\d+),\d+\): error TS\d+: (.*)$/))
    .filter(Boolean)
    .map(([, file, line, message]) => ({ file, line: Number(line), message }));

/**
 * One type check of the app's tsconfig.check.json: its own sources and its wrong ones together
 * (TypeScript reads the libraries' types once). Resolves with `{ code, output, errors }`.
 */
async function typeCheck(app, checker) {
  const result = await run(join(BIN, checker), ['-p', 'tsconfig.check.json'], app);
  return { ...result, errors: typeErrors(result.output) };
}

/** The errors of `check` in files whose name starts with `prefix` (`src/main`, `src/wrong`). */
const errorsIn = (check, prefix) => check.errors.filter(({ file }) => file.startsWith(prefix));

/**
 * The wrong file must fail with exactly `expected`: one `[line, [value, type]]` per wrong
 * attribute value ("Type '"sideways"' is not assignable to type 'SignOutMode'").
 */
function expectRejected(check, wrongFile, expected) {
  assert.notEqual(check.code, 0);
  const errors = errorsIn(check, wrongFile).map(({ line, message }) => [
    line,
    message.match(/^Type '"(\w+)"' is not assignable to type '(\w+)/)?.slice(1),
  ]);
  assert.deepEqual(errors, expected, check.output);
}

/** The app's own sources type-check: every error of the check is in the wrong file. */
function expectTypeChecks(check, wrongFile) {
  const others = check.errors.filter(({ file }) => !file.startsWith(wrongFile));
  assert.deepEqual(others, [], check.output);
  // Nothing but type errors in the wrong file (a crash or a config error would print other lines).
  const lines = check.output.split('\n').filter((line) => /error/i.test(line));
  assert.equal(lines.length, check.errors.length, check.output);
}

/** Serves an app's dist/ on 127.0.0.1; resolves with its URL and a stop function. */
async function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const stop = () => {
    server.closeAllConnections();
    return new Promise((done) => server.close(done));
  };
  return { url: `http://127.0.0.1:${server.address().port}/`, stop };
}

let tarball;
let tarballDependencies;
let browser;
before(async () => {
  const packDir = mkdtempSync(join(tmpdir(), 'sign-out-button-pack-'));
  const packed = JSON.parse(
    await mustRun('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], ROOT),
  );
  tarball = join(packDir, packed[0].filename);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  tarballDependencies = { dependencies: pkg.dependencies, peerDependencies: pkg.peerDependencies };
  browser = await launchChromium({ args: CHROMIUM_ARGS });
}, SLOW);
after(async () => {
  await Promise.race([browser?.close(), new Promise((done) => setTimeout(done, 15000).unref())]);
});

/** What decides an app's installed dependencies: its package.json, the package's dependencies, Node. */
function dependencyKey(app) {
  return createHash('sha256')
    .update(readFileSync(join(app, 'package.json')))
    .update(JSON.stringify(tarballDependencies))
    .update(process.version)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Installs the tarball into the app, as `npm install sign-out-button` would. The app's other
 * dependencies come from the last install with the same key when there is one (left in the app,
 * or kept in ~/.cache/sign-out-button): then only the tarball itself is installed again.
 */
async function install(app) {
  const key = dependencyKey(app);
  const modules = join(app, 'node_modules');
  const stamp = join(modules, '.sign-out-button-key');
  const cached = join(CACHE, `${app.split('/').at(-1)}-${key}`);
  rmSync(join(app, 'dist'), { recursive: true, force: true });
  let fresh = false;
  if (!(existsSync(stamp) && readFileSync(stamp, 'utf8') === key)) {
    rmSync(modules, { recursive: true, force: true });
    if (existsSync(join(cached, 'node_modules')))
      await mustRun('cp', ['-a', join(cached, 'node_modules'), modules], app);
    else fresh = true;
  }
  await mustRun(
    'npm',
    ['install', '--no-save', '--no-package-lock', '--prefer-offline', '--no-audit', '--no-fund', tarball],
    app,
  );
  const installed = JSON.parse(readFileSync(join(modules, 'sign-out-button/package.json'), 'utf8'));
  assert.equal(installed.name, 'sign-out-button');
  // The package is the tarball's copy, not this repository's files.
  assert.ok(!existsSync(join(modules, 'sign-out-button/test')));
  writeFileSync(stamp, key);
  if (fresh) {
    // Kept for the next run, whole or not at all (another run may be keeping the same key).
    let keeping = null;
    try {
      mkdirSync(CACHE, { recursive: true });
      keeping = mkdtempSync(join(CACHE, '.keeping-'));
      await mustRun('cp', ['-a', modules, join(keeping, 'node_modules')], app);
      renameSync(keeping, cached);
    } catch {
      // Not kept (no writable cache, or another run kept it first): the next run installs again.
      if (keeping) rmSync(keeping, { recursive: true, force: true });
    }
  }
}

/** Opens the built app, clicks each button and returns the events the app listed. */
async function clickEach(app, buttons, expectedCount, dist = 'dist') {
  const site = await serve(join(app, dist));
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(site.url);
    for (const id of buttons) {
      await page.locator(`#${id}`).waitFor();
      await page.click(`#${id}`);
    }
    await page.waitForFunction((count) => document.querySelectorAll('#events li').length >= count, expectedCount, {
      timeout: 10000,
    });
    assert.deepEqual(errors, []);
    return await page.locator('#events li').allTextContents();
  } finally {
    await Promise.race([page.close(), new Promise((done) => setTimeout(done, 10000).unref())]);
    await site.stop();
  }
}

describe('a React 19 + TypeScript app', () => {
  const app = join(ROOT, 'test/frameworks/react');
  let check;
  before(async () => {
    await install(app);
    check = await typeCheck(app, 'tsc');
  }, SLOW);

  it('type-checks: the wrapper component, and the bare tag through sign-out-button/jsx', () => {
    expectTypeChecks(check, 'src/wrong.tsx');
  });

  it('rejects a wrong attribute value, on the bare tag and on the component', () => {
    expectRejected(check, 'src/wrong.tsx', [
      [5, ['sideways', 'SignOutMode']],
      [6, ['sideways', 'SignOutMode']],
      [7, ['later', 'SignOutFallback']],
    ]);
  });

  it('builds, and both the component props and the bare tag fire their events on a click', SLOW, async () => {
    await mustRun(join(BIN, 'vite'), ['build'], app);
    const events = await clickEach(app, ['component', 'tag'], 4);
    assert.deepEqual(events, [
      'component start local',
      'component complete skipped',
      'tag start local',
      'tag complete skipped',
    ]);
  });
});

describe('a Vue 3 + TypeScript app', () => {
  const app = join(ROOT, 'test/frameworks/vue');
  let check;
  before(async () => {
    await install(app);
    check = await typeCheck(app, 'vue-tsc');
  }, SLOW);

  it('type-checks its template with vue-tsc (strictTemplates) through sign-out-button/vue', () => {
    expectTypeChecks(check, 'src/Wrong.vue');
  });

  it('rejects a wrong attribute value in a template', () => {
    expectRejected(check, 'src/Wrong.vue', [
      [3, ['sideways', 'SignOutMode']],
      [4, ['later', 'SignOutFallback']],
    ]);
  });

  it('builds, and the tag fires its events through @sign-out-… listeners on a click', SLOW, async () => {
    await mustRun(join(BIN, 'vite'), ['build'], app);
    const events = await clickEach(app, ['tag'], 2);
    assert.deepEqual(events, ['tag start local', 'tag complete skipped']);
  });
});

describe('an Angular 21 app', () => {
  // Angular's toolchain is not among this repository's dependencies: the app's package.json pins
  // it, and the install below fetches it (from npm's cache when it has it), with the tarball.
  const app = join(ROOT, 'test/frameworks/angular');
  before(() => install(app), SLOW);

  it(
    'builds with the ng CLI (strict templates, CUSTOM_ELEMENTS_SCHEMA), and the tag fires its events on a click',
    SLOW,
    async () => {
      await mustRun(join(app, 'node_modules/.bin/ng'), ['build'], app);
      const events = await clickEach(app, ['tag'], 2, 'dist/browser');
      assert.deepEqual(events, ['tag start local', 'tag complete skipped']);
    },
  );
});

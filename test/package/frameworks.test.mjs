// React 19 and Vue 3 apps (Vite, TypeScript), and an Angular 21 app, built against the packed package, as a user installs
// it: `npm pack`, then `npm install <tarball>` in each app (its dependencies lit, @lit/react and
// oidc-client-ts come from npm's cache, which `npm ci` filled). The frameworks and tools themselves
// (react, vue, vite, typescript, vue-tsc) come from this repository's node_modules, one folder up.
// Each app is type-checked (a wrong attribute value, and `user-manager` written as an attribute,
// must fail at the line we expect), built, and clicked in Chromium against the real test provider:
// each button is handed the app's own oidc-client-ts UserManager as a property (and nothing it
// covers as an attribute), and its click ends that user's session at the provider.
// An app's installed dependencies are kept between runs (~/.cache/sign-out-button), keyed by its
// package.json and the package's dependencies: a run with the same key installs only the tarball.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { startProvider } from '../../demo/provider.mjs';
import { CHROMIUM_ARGS } from '../../scripts/browsers.mjs';
import { after, before, describe, it } from '../e2e/support/node-test.mjs';
import { run as runProcess } from '../e2e/support/processes.mjs';
import { providerSignIn } from '../e2e/support/provider-session.mjs';
import { endSessionRequests, launchChromium } from '../e2e/support/stack.mjs';

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
 * attribute value ("Type '"sideways"' is not assignable to type 'SignOutMode'"; for a bound
 * `user-manager`, "Type 'UserManager' is not assignable to type 'undefined'"), or
 * `[line, ['user-manager']]` where TypeScript names the whole tag's attributes instead.
 */
function expectRejected(check, wrongFile, expected) {
  assert.notEqual(check.code, 0);
  const errors = errorsIn(check, wrongFile).map(({ line, message }) => [
    line,
    message.match(/^Type '"?(\w+)"?' is not assignable to type '(\w+)/)?.slice(1) ??
      message.match(/^Type '\{ "(user-manager)": \w+; \}' is not assignable/)?.slice(1),
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

/**
 * Serves an app's `dir` (its dist/, built later) on 127.0.0.1, as a single-page app's host does:
 * a path without a file extension gets index.html (the return page, /signed-out, is the app's
 * own). Resolves with its origin and a stop function.
 */
async function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const file = join(dir, path === '/' || !extname(path) ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const stop = () => {
    server.closeAllConnections();
    return new Promise((done) => server.close(done));
  };
  return { origin: `http://127.0.0.1:${server.address().port}`, stop };
}

/** The apps: where each is, and where its build is served from. */
const APPS = {
  react: { dir: join(ROOT, 'test/frameworks/react'), dist: 'dist' },
  vue: { dir: join(ROOT, 'test/frameworks/vue'), dist: 'dist' },
  angular: { dir: join(ROOT, 'test/frameworks/angular'), dist: 'dist/browser' },
};
/** The apps' client at the provider: a public SPA client that returns to each app's /signed-out. */
const CLIENT_ID = 'framework-app';

let tarball;
let tarballDependencies;
let browser;
let op;
/** Each app's server, by the app's name. */
const sites = {};
before(async () => {
  const packDir = mkdtempSync(join(tmpdir(), 'sign-out-button-pack-'));
  const packed = JSON.parse(
    await mustRun('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], ROOT),
  );
  tarball = join(packDir, packed[0].filename);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  tarballDependencies = { dependencies: pkg.dependencies, peerDependencies: pkg.peerDependencies };
  for (const [name, { dir, dist }] of Object.entries(APPS)) sites[name] = await serve(join(dir, dist));
  const origins = Object.values(sites).map((site) => site.origin);
  op = await startProvider({
    port: 0,
    pagesOrigins: origins,
    clients: [
      {
        client_id: CLIENT_ID,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: origins.map((origin) => `${origin}/callback`),
        post_logout_redirect_uris: origins.map((origin) => `${origin}/signed-out`),
      },
    ],
  });
  browser = await launchChromium({ args: CHROMIUM_ARGS });
}, SLOW);
after(async () => {
  await Promise.race([browser?.close(), new Promise((done) => setTimeout(done, 15000).unref())]);
  await Promise.all(Object.values(sites).map((site) => site.stop()));
  await op?.close();
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

/**
 * Whether the provider's session in `context` is gone: an authorization request from the browser
 * is answered with the login form only then (with a session, it returns a code to the app at once).
 */
async function providerSessionEnded(context, site) {
  const page = await context.newPage();
  try {
    const authorize = new URL(`${op.issuer}/auth`);
    for (const [name, value] of Object.entries({
      client_id: CLIENT_ID,
      redirect_uri: `${site.origin}/callback`,
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(name, value);
    await page.goto(authorize.href);
    return await Promise.race([
      page.waitForSelector('input[name=login]', { timeout: 20000 }).then(() => true),
      page.waitForURL((url) => url.href.startsWith(`${site.origin}/callback`), { timeout: 20000 }).then(() => false),
    ]);
  } finally {
    await page.close();
  }
}

/**
 * Signs a person in at the provider (its session cookies in `context`, the user where the app's
 * UserManager keeps it, in `page`'s sessionStorage); resolves with the user's ID token.
 */
async function signIn(context, page, site) {
  const { cookies, storageKey, user } = await providerSignIn({
    issuer: op.issuer,
    clientId: CLIENT_ID,
    redirectUri: `${site.origin}/callback`,
  });
  await context.addCookies(cookies);
  await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [storageKey, user]);
  assert.equal(await providerSessionEnded(context, site), false, 'signed in at the provider');
  return JSON.parse(user).id_token;
}

/**
 * Opens the built app, and for each button: signs a person in, clicks, waits for the app to list
 * the sign-out's two events, and checks at the provider that this user's session ended there,
 * by an end-session request with this user's ID token and the UserManager's client. Returns the
 * events the app listed.
 */
async function signOutWithEach(name, buttons) {
  const site = sites[name];
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const consoleLines = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => consoleLines.push(message.text()));
  try {
    const query = new URLSearchParams({ authority: op.issuer, client_id: CLIENT_ID });
    await page.goto(`${site.origin}/?${query}`);
    for (const [index, id] of buttons.entries()) {
      await page.locator(`#${id}`).waitFor();
      const idToken = await signIn(context, page, site);
      const sent = endSessionRequests(op).length;
      await page.click(`#${id}`);
      // Its two events, or an error (then the list below says which).
      await page.waitForFunction(
        (count) => {
          const listed = [...document.querySelectorAll('#events li')].map((item) => item.textContent);
          return listed.length >= count || listed.some((text) => text.includes(' error '));
        },
        2 * index + 2,
        { timeout: 20000 },
      );
      const listed = await page.locator('#events li').allTextContents();
      assert.deepEqual(listed.slice(2 * index), [`${id} start iframe`, `${id} complete ended`]);
      const requests = endSessionRequests(op).slice(sent);
      assert.equal(requests.length, 1, `${id}: one end-session request`);
      const params = Object.fromEntries(requests[0].params);
      assert.equal(params.client_id, CLIENT_ID, `${id}: the UserManager's client`);
      // Compared, never printed: a failure must not write the token out.
      assert.ok(params.id_token_hint === idToken, `${id}: the id_token_hint is the UserManager's user's ID token`);
      assert.equal(await providerSessionEnded(context, site), true, `${id}: the provider session is gone`);
    }
    assert.deepEqual(errors, []);
    // Nothing to warn about (no attribute disagrees with the UserManager), and no token in the console.
    assert.deepEqual(
      consoleLines.filter((line) => line.includes('<sign-out-button>')),
      [],
    );
    assert.ok(!consoleLines.some((line) => /eyJ[\w-]+\.eyJ/.test(line)), 'no token in the console');
    return await page.locator('#events li').allTextContents();
  } finally {
    await Promise.race([context.close(), new Promise((done) => setTimeout(done, 10000).unref())]);
  }
}

describe('a React 19 + TypeScript app', () => {
  const app = APPS.react.dir;
  let check;
  before(async () => {
    await install(app);
    check = await typeCheck(app, 'tsc');
  }, SLOW);

  it('type-checks: the wrapper component, and the bare tag through sign-out-button/jsx', () => {
    expectTypeChecks(check, 'src/wrong.tsx');
  });

  it('rejects a wrong attribute value, on the bare tag and on the component, and user-manager on the tag', () => {
    expectRejected(check, 'src/wrong.tsx', [
      [8, ['sideways', 'SignOutMode']],
      [9, ['sideways', 'SignOutMode']],
      [10, ['later', 'SignOutFallback']],
      [12, ['user-manager']],
    ]);
  });

  it(
    "builds; the component and the bare tag, each given the UserManager, end its user's provider session",
    SLOW,
    async () => {
      await mustRun(join(BIN, 'vite'), ['build'], app);
      const events = await signOutWithEach('react', ['component', 'tag']);
      assert.deepEqual(events, [
        'component start iframe',
        'component complete ended',
        'tag start iframe',
        'tag complete ended',
      ]);
    },
  );
});

describe('a Vue 3 + TypeScript app', () => {
  const app = APPS.vue.dir;
  let check;
  before(async () => {
    await install(app);
    check = await typeCheck(app, 'vue-tsc');
  }, SLOW);

  it('type-checks its template with vue-tsc (strictTemplates) through sign-out-button/vue', () => {
    expectTypeChecks(check, 'src/Wrong.vue');
  });

  it('rejects a wrong attribute value, a bound user-manager (listed in htmlAttributes), a wrong userManager', () => {
    expectRejected(check, 'src/Wrong.vue', [
      [7, ['sideways', 'SignOutMode']],
      [8, ['later', 'SignOutFallback']],
      [11, ['UserManager', 'undefined']],
      [12, ['string', 'UserManager']],
    ]);
  });

  it("builds; the tag, given the UserManager with .userManager, ends its user's provider session", SLOW, async () => {
    await mustRun(join(BIN, 'vite'), ['build'], app);
    const events = await signOutWithEach('vue', ['tag']);
    assert.deepEqual(events, ['tag start iframe', 'tag complete ended']);
  });
});

describe('an Angular 21 app', () => {
  // Angular's toolchain is not among this repository's dependencies: the app's package.json pins
  // it, and the install below fetches it (from npm's cache when it has it), with the tarball.
  const app = APPS.angular.dir;
  before(() => install(app), SLOW);

  it(
    "builds with the ng CLI (strict templates, CUSTOM_ELEMENTS_SCHEMA); the tag, given the UserManager with [userManager], ends its user's provider session",
    SLOW,
    async () => {
      await mustRun(join(app, 'node_modules/.bin/ng'), ['build'], app);
      const events = await signOutWithEach('angular', ['tag']);
      assert.deepEqual(events, ['tag start iframe', 'tag complete ended']);
    },
  );
});

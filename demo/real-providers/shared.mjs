// What both providers' start-up needs: the Debian packages, free ports, a temp directory,
// detached processes stopped by process group, plain HTTP to 127.0.0.1 under any Host name, and
// the virtual-host proxy that puts RP pages on the provider's own port. Used by the interop suite
// (test/interop/) and by `npm start -- --provider NAME`, so it imports nothing from test/.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/browsers.mjs';

export { freePort };

/** Notes `pid` (a process-group leader) where `npm test` looks (TEST_PID_DIR): it ends the group after the file. */
function registerPid(pid) {
  const dir = process.env.TEST_PID_DIR;
  if (dir && pid) writeFileSync(join(dir, String(pid)), '');
}

/** The RP paths registered for each client when the caller names none. */
export const DEFAULT_PATHS = {
  redirect: '/test/e2e/pages/callback.html',
  postLogout: '/test/e2e/pages/signed-out.html',
  frontChannel: '/test/e2e/pages/front-channel.html',
};

/**
 * Debian 12 packages per provider. Installed without recommends: the recommends pull in nginx,
 * MariaDB and slapd, none of which the suite uses. `binary` is the program a start runs; its
 * environment variable (e.g. GLEWLWYD_BIN) names another one, which is then never installed.
 */
export const PACKAGES = {
  glewlwyd: {
    packages: ['glewlwyd', 'sqlite3'],
    binary: { env: 'GLEWLWYD_BIN', path: '/usr/bin/glewlwyd' },
    files: ['/usr/bin/sqlite3'],
  },
  lemonldap: {
    packages: [
      'liblemonldap-ng-portal-perl',
      'libplack-perl',
      'libstring-random-perl',
      'libio-string-perl',
      'libimage-magick-perl',
      // A Recommends of the portal: its captcha module fails the portal's start without it.
      'libgd-securityimage-perl',
    ],
    binary: { env: 'PLACKUP_BIN', path: '/usr/bin/plackup' },
    files: [
      '/usr/share/perl5/Lemonldap/NG/Portal/Main.pm',
      '/usr/share/perl5/String/Random.pm',
      '/usr/share/perl5/IO/String.pm',
      '/usr/share/perl5/GD/SecurityImage.pm',
    ],
    // Image::Magick is arch-dependent: its place is found by Perl itself.
    perlModules: ['Image::Magick'],
  },
};

/** The program provider `name` runs: Debian's, or the one its environment variable names. */
export const binaryOf = (name) => process.env[PACKAGES[name].binary.env] || PACKAGES[name].binary.path;

export const installCommand = (name) =>
  `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES[name].packages.join(' ')}`;

function perlHas(module) {
  try {
    execFileSync('perl', [`-M${module}`, '-e', '1'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function missingFor(name) {
  const { files, perlModules = [] } = PACKAGES[name];
  return [
    ...[binaryOf(name), ...files].filter((file) => !existsSync(file)),
    ...perlModules.filter((module) => !perlHas(module)),
  ];
}

let aptUpdated = false;

/**
 * Makes sure provider `name`'s Debian packages are there. Resolves with `{ ok: true }`, or with
 * `{ ok: false, reason, missing, command }`: `reason` ends with the exact command to run (the
 * suite prints it and skips), `missing` lists what is not there. As root with apt-get, it installs
 * what is missing (one `apt-get update` per process), after `onInstall(packages)` if given;
 * never when the program is another one than Debian's (its environment variable is set).
 */
export function ensureInstalled(name, { onInstall } = {}) {
  if (!PACKAGES[name]) return { ok: false, reason: `unknown provider "${name}"`, missing: [], command: null };
  const missing = missingFor(name);
  if (!missing.length) return { ok: true };
  const command = installCommand(name);
  const { env: binaryEnv } = PACKAGES[name].binary;
  const canInstall =
    process.platform === 'linux' &&
    process.getuid?.() === 0 &&
    existsSync('/usr/bin/apt-get') &&
    !process.env[binaryEnv];
  if (!canInstall) {
    const other = process.env[binaryEnv] ? `, named by ${binaryEnv}` : '';
    return {
      ok: false,
      reason: `${name} is not installed (missing ${missing.join(', ')}${other}); run as root: ${command}`,
      missing,
      command,
    };
  }
  onInstall?.(PACKAGES[name].packages);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    if (!aptUpdated) execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    aptUpdated = true;
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES[name].packages], {
      stdio: 'ignore',
      env,
    });
  } catch (error) {
    return {
      ok: false,
      reason: `apt-get failed for ${name} (${error.message.split('\n')[0]}); run: ${command}`,
      missing,
      command,
    };
  }
  const still = missingFor(name);
  if (still.length)
    return {
      ok: false,
      reason: `apt-get ran but ${still.join(', ')} is missing; run: ${command}`,
      missing: still,
      command,
    };
  return { ok: true, installed: PACKAGES[name].packages };
}

/** Temp directories not yet removed: removed when this process exits (kept with INTEROP_KEEP=1). */
const directories = new Set();
const keepDirectories = process.env.INTEROP_KEEP === '1';

/** A fresh temp directory for one provider run; `remove()` deletes it. */
export function tempDir(prefix) {
  const path = mkdtempSync(join(tmpdir(), `interop-${prefix}-`));
  directories.add(path);
  const remove = () => {
    directories.delete(path);
    if (!keepDirectories) rmSync(path, { recursive: true, force: true });
  };
  return { path, remove };
}

/** Process groups started here and not yet stopped: ended (and temp directories removed) on exit. */
const running = new Set();
const killAll = () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.clear();
  if (!keepDirectories) for (const path of directories) rmSync(path, { recursive: true, force: true });
  directories.clear();
};
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

// setpriv --pdeathsig: the provider dies with this process even when it is killed outright.
const PDEATHSIG = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--'] : [];

/**
 * Starts `command` detached in its own process group, output to `logFile`. `stop()` sends
 * SIGTERM to the group, then SIGKILL after `graceMs`, and resolves once the leader has exited.
 */
export function spawnDetached(command, args, { cwd, env = process.env, logFile }) {
  const fd = openSync(logFile, 'a');
  const [program, ...rest] = [...PDEATHSIG, command, ...args];
  const child = spawn(program, rest, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  running.add(child.pid);
  // Noted for `npm test`, which ends the group too if this file is killed before its stop().
  registerPid(child.pid);
  let exited = false;
  const exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child.pid);
      resolve((exited = { code, signal }));
    }),
  );
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  return {
    child,
    exit,
    get exited() {
      return exited;
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop(graceMs = 3000) {
      if (!exited) signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
      // Anything the leader left in its group goes with it.
      signalGroup('SIGKILL');
    },
  };
}

/**
 * One HTTP request to `url` (resolved on 127.0.0.1 whatever its host name: Node does not resolve
 * `*.localhost`), with the URL's host as Host header. Resolves with `{ status, headers, body, json() }`.
 */
export function http(url, { method = 'GET', headers = {}, body, timeoutMs = 5000 } = {}) {
  const target = new URL(url);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method,
        headers: {
          host: target.host,
          ...(payload !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...(payload !== undefined ? { 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode, headers: res.headers, body: text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The `name=value` pairs of a response's Set-Cookie headers, as one Cookie header. */
export const cookiesOf = (response) =>
  (response.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ');

/**
 * Polls `url` until it answers 200 with JSON; rejects when `process` exits, when it answers
 * 5xx for 3 s on end (a provider whose start failed), or after `timeoutMs`, with its log.
 */
export async function waitForJson(url, process, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  let failingSince = null;
  while (Date.now() < deadline && !process.exited) {
    try {
      const response = await http(url, { timeoutMs: 2000 });
      if (response.status === 200) return response.json();
      last = `HTTP ${response.status}`;
      failingSince = response.status >= 500 ? (failingSince ?? Date.now()) : null;
      if (failingSince && Date.now() - failingSince > 3000) break;
    } catch (error) {
      last = error.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const why = process.exited ? `exited (${JSON.stringify(process.exited)})` : `gave ${last}`;
  const lines = process.log().split('\n');
  const log = lines.length > 40 ? [...lines.slice(0, 20), '…', ...lines.slice(-20)] : lines;
  throw new Error(`${url} ${why}; log:\n${log.join('\n')}`);
}

/**
 * An HTTP proxy on `port` of 127.0.0.1 that sends each request, by its Host name, to one of
 * `routes` ({ hostname: 'http://127.0.0.1:PORT' }), or to `fallback`. It lets RP pages share the
 * provider's port (origin `http://rp1.op.localhost:PORT` for a provider at `op.localhost:PORT`).
 */
export function startVhostProxy(port, routes, fallback) {
  const server = createServer((req, res) => {
    const hostname = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const target = new URL(routes[hostname] ?? fallback);
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      }),
    );
  });
}

/**
 * The clients to register, two by default (`clients` may give ids and paths: `[{ clientId,
 * redirectPath, postLogoutPath, frontChannelPath, frontChannelOrigin }]`): redirect and
 * post-logout URIs under every RP origin, and one front-channel URI under the client's own origin
 * (`frontChannelOrigin`, else the n-th client's is the n-th origin).
 */
export function clientSpecs({ rpOrigins, clients = [{}, {}], prefix }) {
  if (!rpOrigins?.length) throw new Error('start() needs rpOrigins: the origins of the RP pages');
  return clients.map((client, index) => {
    const paths = {
      redirect: client.redirectPath ?? DEFAULT_PATHS.redirect,
      postLogout: client.postLogoutPath ?? DEFAULT_PATHS.postLogout,
      frontChannel: client.frontChannelPath ?? DEFAULT_PATHS.frontChannel,
    };
    return {
      clientId: client.clientId ?? `${prefix}-spa-${index + 1}`,
      redirectUris: rpOrigins.map((origin) => `${origin}${paths.redirect}`),
      postLogoutRedirectUris: rpOrigins.map((origin) => `${origin}${paths.postLogout}`),
      // Front-channel logout takes one URI per client: under its own RP origin (the first if fewer).
      frontChannelLogoutUri: `${client.frontChannelOrigin ?? rpOrigins[Math.min(index, rpOrigins.length - 1)]}${paths.frontChannel}`,
      paths,
    };
  });
}

/**
 * Stops what a provider's start made, in the reverse order: the virtual-host proxy (if any), the
 * provider's process group (if it started), its temp directory. Its `stop()`, and the cleanup of
 * a start that failed half-way.
 */
export async function release({ proxy, server, dir }) {
  await proxy?.close();
  await server?.stop();
  dir.remove();
}

/**
 * `url` as a test may print it: token-bearing parameters (`id_token_hint`, `code`, tokens) shown
 * as `…`, so that a failure message never carries a token.
 */
export function redacted(url) {
  return String(url).replace(/([?&#](?:id_token_hint|id_token|access_token|refresh_token|token|code)=)[^&#]*/g, '$1…');
}

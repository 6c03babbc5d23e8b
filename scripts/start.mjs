// `npm start`: builds the drop-in files (unless dist/ is newer than all it is built from), then runs the embedded OpenID Provider on 127.0.0.1:4000
// and the Vite dev server with the demo on 127.0.0.1:5173 (the same site, so cookies reach the
// provider), in one process. Ctrl+C stops both.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createNetServer } from 'node:net';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { PROVIDER_PROFILES } from '../demo/provider-profiles.mjs';

// `npm start -- --profile auth0` makes the provider behave as one of the documented providers.
// `--port` and `--provider-port` choose other ports than 5173 and 4000.
const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    port: { type: 'string', default: '5173' },
    'provider-port': { type: 'string', default: '4000' },
  },
});
if (values.profile && !PROVIDER_PROFILES[values.profile]) {
  console.error(`Unknown profile "${values.profile}": one of ${Object.keys(PROVIDER_PROFILES).join(', ')}.`);
  process.exit(1);
}

const pagesPort = Number(values.port);
const providerPort = Number(values['provider-port']);
const pagesOrigin = `http://127.0.0.1:${pagesPort}`;
// localhost is another site than 127.0.0.1: opening the pages there shows the iframe fallback.
const crossSiteOrigin = `http://localhost:${pagesPort}`;

/** Whether `port` on 127.0.0.1 can be listened on, found out before anything is built. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
for (const [port, what, flag] of [
  [providerPort, "the demo's OpenID Provider", '--provider-port'],
  [pagesPort, 'the demo pages', '--port'],
]) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${flag} ${port}: not a port number.`);
    process.exit(1);
  }
  if (!(await portIsFree(port))) {
    console.error(
      `Port ${port} (${what}) is already in use: stop what uses it (another npm start?), or choose another with npm start -- ${flag} ${port + 1}`,
    );
    process.exit(1);
  }
}
process.env.DEMO_ISSUER = `http://127.0.0.1:${providerPort}`;
// Loaded only now: oidc-provider prints a Node 20 warning when imported, which a busy port should not bury.
const { demoClients, startProvider } = await import('../demo/provider.mjs');

/** The files under `path` (or `path` itself), each with its modification time. */
function filesOf(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [{ path, mtime: statSync(path).mtimeMs }];
  return readdirSync(path).flatMap((name) => filesOf(join(path, name)));
}
/** Whether dist/ holds a build newer than everything it is built from (npm test builds it first). */
function distIsFresh() {
  const sources = [
    'src',
    'vite.config.ts',
    'package.json',
    'custom-elements-manifest.config.mjs',
    'scripts/build.mjs',
    ...readdirSync('.').filter((name) => /^tsconfig.*\.json$/.test(name)),
  ].flatMap(filesOf);
  const built = filesOf('dist');
  const needed = [
    'dist/index.js',
    'dist/custom-elements.json',
    'dist/cdn/sign-out-button.js',
    'dist/cdn/integrity.json',
  ];
  if (!needed.every((file) => existsSync(file))) return false;
  return Math.min(...built.map((file) => file.mtime)) > Math.max(...sources.map((file) => file.mtime));
}
if (distIsFresh()) {
  console.log('dist/ is newer than src/ and the build configuration: not rebuilding (npm run build rebuilds it).');
} else {
  console.log('Building the drop-in files (dist/cdn/)…');
  execFileSync('node', ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const op = await startProvider({
  host: '127.0.0.1',
  port: providerPort,
  pagesOrigins: [pagesOrigin, crossSiteOrigin],
  // The SPA and the CMS pages are two clients with front-channel logout: sign out of one, the other goes too.
  clients: demoClients([pagesOrigin, crossSiteOrigin], { frontChannelOrigin: pagesOrigin }),
  profile: values.profile,
  // The demo page's window into its provider: live session status, what it received, the profile control.
  demo: true,
});
const vite = await createServer({ configFile: 'vite.config.ts', server: { port: pagesPort } });
await vite.listen();

console.log(`
  sign-out-button demo

  SPA page:        ${pagesOrigin}/demo/
  CMS page:        ${pagesOrigin}/demo/cms/          (drop-in ES module)
                   ${pagesOrigin}/demo/cms/classic.html  (drop-in classic script)
  Cross-site:      ${crossSiteOrigin}/demo/cms/  (iframe not confirmed: see the fallback)
  Single logout:   sign in to both the SPA and the CMS page, sign out of one: the other signs out too
                   (front-channel logout; each page in its own tab)
  Provider:        ${op.issuer}  (oidc-provider, in memory; end-session at ${op.endSessionPath}${
    values.profile ? `, as ${PROVIDER_PROFILES[values.profile].name}` : ''
  })
  Sign in:         any login name and any password (e.g. alice / secret);
                   a name starting with "big" gets an ID token too large for GET (watch method "auto" POST)

  Ctrl+C stops both.
`);

async function stop() {
  await Promise.allSettled([vite.close(), op.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

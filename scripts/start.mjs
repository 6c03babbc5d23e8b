// `npm start`: builds the drop-in files (unless dist/ is newer than all it is built from), then runs the embedded OpenID Provider on 127.0.0.1:4000
// and the Vite dev server with the demo on 127.0.0.1:5173 (the same site, so cookies reach the
// provider), in one process. Ctrl+C stops both. `--provider glewlwyd` (or `lemonldap`) runs a real
// provider from Debian instead (demo/real-providers/, the interop suite's starters), in its own
// process group, which Ctrl+C ends too.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createNetServer } from 'node:net';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { PROVIDER_PROFILES } from '../demo/provider-profiles.mjs';

// `npm start -- --profile auth0` makes the provider behave as one of the documented providers.
// `--provider glewlwyd` (or `lemonldap`) runs that real provider instead of the embedded one.
// `--port` and `--provider-port` choose other ports than 5173 and 4000. `--client-origin ORIGIN`
// registers the visitor's own app (client my-app) at the embedded provider.
const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    provider: { type: 'string' },
    port: { type: 'string', default: '5173' },
    'provider-port': { type: 'string', default: '4000' },
    'client-origin': { type: 'string', multiple: true, default: [] },
  },
});
if (values.profile && !PROVIDER_PROFILES[values.profile]) {
  console.error(`Unknown profile "${values.profile}": one of ${Object.keys(PROVIDER_PROFILES).join(', ')}.`);
  process.exit(1);
}
/** The real provider's starters, loaded only when asked for (they watch this process's signals). */
const real = values.provider ? await import('../demo/real-providers/providers.mjs') : null;
if (real && !real.PROVIDER_NAMES.includes(values.provider)) {
  console.error(`Unknown provider "${values.provider}": one of ${real.PROVIDER_NAMES.join(', ')}.`);
  process.exit(1);
}
if (real && values['client-origin'].length) {
  console.error(
    `--client-origin registers your app at the embedded provider; ${values.provider} is a real provider with its own configuration: use one or the other.`,
  );
  process.exit(1);
}
/** The origins of the visitor's own app (`--client-origin`), each checked: scheme, host and port only. */
const clientOrigins = values['client-origin'].map((value) => {
  let url;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
    console.error(
      `--client-origin ${value}: not an origin; give scheme, host and port only, e.g. http://127.0.0.1:5591`,
    );
    process.exit(1);
  }
  return url.origin;
});
if (real && values.profile) {
  console.error(
    `--profile makes the embedded provider behave as another; ${values.provider} is a real provider: use one or the other.`,
  );
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

/** The real providers as the banner names them (demo/demo.ts says the same on the page). */
const REAL_PROVIDERS = {
  glewlwyd: {
    name: 'Glewlwyd 2.7.5',
    user: { login: 'alice', password: 'wonderland', name: 'Alice Liddell', email: 'alice@example.test' },
    modes: [
      'redirect (the default here) and popup end its session, after its "End session" prompt;',
      'iframe cannot be confirmed (X-Frame-Options: deny) and falls back to a redirect;',
      'end-session takes GET only: method "post" gets a 404 and the session stays',
    ],
  },
  lemonldap: {
    name: 'LemonLDAP::NG 2.16.1',
    // Its Demo user backend: the password is the login.
    user: 'dwho',
    modes: [
      'redirect (the default here) and popup end its session, after "Do you want to logout?"',
      'and a 30-second page (Continue); GET and POST both work;',
      'iframe cannot be confirmed (it refuses framing) and falls back to a redirect; no revocation endpoint',
    ],
  },
};

/** What to say when provider `name`'s packages are missing: what, and the exact command. */
function notInstalled(name, { missing, command }) {
  return [
    `npm start -- --provider ${name}: ${REAL_PROVIDERS[name].name} is not installed (missing ${missing.join(', ')}).`,
    `Install Debian's packages as root, then run npm start -- --provider ${name} again:`,
    '',
    `  ${command}`,
    '',
  ].join('\n');
}

if (real) {
  const installed = real.ensureInstalled(values.provider, {
    onInstall: (packages) =>
      console.log(`Installing Debian's ${packages.join(' ')} (as root, as the interop suite does; up to a minute)…`),
  });
  if (!installed.ok) {
    console.error(installed.missing?.length ? notInstalled(values.provider, installed) : installed.reason);
    process.exit(1);
  }
}

// Loaded only now: oidc-provider prints a Node 20 warning when imported, which a busy port should not bury.
const { demoClients, startProvider, visitorClient, VISITOR_CLIENT_ID } = real
  ? {}
  : await import('../demo/provider.mjs');

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

/**
 * The real provider, with the demo's two clients (the SPA and the CMS pages) registered under both
 * page origins, each front-channel page under 127.0.0.1 as the embedded provider has them.
 */
async function startRealProvider(name) {
  const client = (clientId, base) => ({
    clientId,
    redirectPath: `${base}/callback.html`,
    postLogoutPath: `${base}/signed-out.html`,
    frontChannelPath: `${base}/front-channel.html`,
    frontChannelOrigin: pagesOrigin,
  });
  try {
    return await real.start(name, {
      port: providerPort,
      rpOrigins: [pagesOrigin, crossSiteOrigin],
      clients: [client('demo-spa', '/demo'), client('demo-cms', '/demo/cms')],
      user: REAL_PROVIDERS[name].user,
    });
  } catch (error) {
    console.error(`npm start -- --provider ${name}: ${REAL_PROVIDERS[name].name} did not start: ${error.message}`);
    process.exit(1);
  }
}

const op = real
  ? await startRealProvider(values.provider)
  : await startProvider({
      host: '127.0.0.1',
      port: providerPort,
      pagesOrigins: [pagesOrigin, crossSiteOrigin],
      // The SPA and the CMS pages are two clients with front-channel logout: sign out of one, the other goes too.
      clients: [
        ...demoClients([pagesOrigin, crossSiteOrigin], { frontChannelOrigin: pagesOrigin }),
        // `--client-origin`: the visitor's own app, a third client.
        ...(clientOrigins.length ? [visitorClient(clientOrigins)] : []),
      ],
      profile: values.profile,
      // The demo page's window into its provider: live session status, what it received, the profile control.
      demo: true,
    });
// The pages name their provider (demo/site-plugin.ts): its issuer, and which real one it is, if any.
process.env.DEMO_ISSUER = op.issuer;
process.env.DEMO_PROVIDER = real ? values.provider : '';
const vite = await createServer({ configFile: 'vite.config.ts', server: { port: pagesPort } });
await vite.listen();

if (real) {
  const { name, modes } = REAL_PROVIDERS[values.provider];
  console.log(`
  sign-out-button demo, against ${name} (Debian's package, a real provider)

  SPA page:        ${pagesOrigin}/demo/
  CMS page:        ${pagesOrigin}/demo/cms/          (drop-in ES module)
  Cross-site:      ${crossSiteOrigin}/demo/
  Provider:        ${op.issuer}  (${name}, a fresh configuration in ${op.dir})
  Sign in:         at ${name}'s own login form: login ${op.user.login}, password ${op.user.password} (${op.user.name})
  Live status:     not available: the page's live session panel needs the embedded provider;
                   a new sign-in shows whether the provider session ended (its login form again)
  Sign-out modes:  ${modes.join('\n                   ')}
                   (every quirk: test/interop/README.md)

  Ctrl+C stops both.
`);
} else
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
${clientOrigins.length ? yourApp() : ''}
  Ctrl+C stops both.
`);

/** The banner's lines for `--client-origin`: what the visitor's app is registered as. */
function yourApp() {
  return `  Your app:        client_id ${VISITOR_CLIENT_ID} (public, PKCE), authority ${op.issuer}
                   redirect and post-logout URIs: any page of ${clientOrigins.join(', ')}
                   front-channel logout: ${clientOrigins[0]}/front-channel.html
`;
}

let stopping = null;
/** Ends the page server and the provider (a real one: its whole process group), then exits. */
function stop() {
  stopping ??= Promise.allSettled([vite.close(), real ? op.stop() : op.close()]).then(() => process.exit(0));
  return stopping;
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

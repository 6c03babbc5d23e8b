// `npm start`: builds the drop-in files, then runs the embedded OpenID Provider on 127.0.0.1:4000
// and the Vite dev server with the demo on 127.0.0.1:5173 (the same site, so cookies reach the
// provider), in one process. Ctrl+C stops both.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { PROVIDER_PROFILES } from '../demo/provider-profiles.mjs';
import { demoClients, startProvider } from '../demo/provider.mjs';

// `npm start -- --profile auth0` makes the provider behave as one of the documented providers.
const { values } = parseArgs({ options: { profile: { type: 'string' } } });
if (values.profile && !PROVIDER_PROFILES[values.profile]) {
  console.error(`Unknown profile "${values.profile}": one of ${Object.keys(PROVIDER_PROFILES).join(', ')}.`);
  process.exit(1);
}

const pagesOrigin = 'http://127.0.0.1:5173';
// localhost is another site than 127.0.0.1: opening the pages there shows the iframe fallback.
const crossSiteOrigin = 'http://localhost:5173';

console.log('Building the drop-in files (dist/cdn/)…');
execFileSync('node', ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
const op = await startProvider({
  host: '127.0.0.1',
  port: 4000,
  pagesOrigins: [pagesOrigin, crossSiteOrigin],
  // The SPA and the CMS pages are two clients with front-channel logout: sign out of one, the other goes too.
  clients: demoClients([pagesOrigin, crossSiteOrigin], { frontChannelOrigin: pagesOrigin }),
  profile: values.profile,
});
const vite = await createServer({ configFile: 'vite.config.ts' });
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

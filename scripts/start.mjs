// `npm start`: the embedded OpenID Provider on 127.0.0.1:4000 and the Vite dev server with the demo
// on 127.0.0.1:5173 (the same site, so cookies reach the provider), in one process. Ctrl+C stops both.
import { createServer } from 'vite';
import { startProvider } from '../demo/provider.mjs';

const pagesOrigin = 'http://127.0.0.1:5173';
const op = await startProvider({ host: '127.0.0.1', port: 4000, pagesOrigin });
const vite = await createServer({ configFile: 'vite.config.ts' });
await vite.listen();

console.log(`
  sign-out-button demo

  Demo page:  ${pagesOrigin}/demo/
  Provider:   ${op.issuer}  (oidc-provider, in memory)
  Sign in:    any login name and any password (e.g. alice / secret)

  Ctrl+C stops both.
`);

async function stop() {
  await Promise.allSettled([vite.close(), op.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

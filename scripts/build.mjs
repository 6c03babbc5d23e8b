// `npm run build`: the npm entry points (ES modules + types) into dist/, the drop-in files into
// dist/cdn/, then dist/custom-elements.json from the element's JSDoc.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['vite', 'build', '--mode', 'cdn', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--mode', 'cdn-iife', '--logLevel', 'warn']);
run('npx', ['custom-elements-manifest', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);

// Subresource Integrity values of the drop-in files (and the lazily loaded chunk), for pages that
// load them from a public npm CDN: <script … integrity="sha384-…" crossorigin="anonymous">.
const integrity = Object.fromEntries(
  readdirSync('dist/cdn')
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => [
      file,
      `sha384-${createHash('sha384')
        .update(readFileSync(`dist/cdn/${file}`))
        .digest('base64')}`,
    ]),
);
writeFileSync('dist/cdn/integrity.json', `${JSON.stringify(integrity, null, 2)}\n`);
console.log('built dist/ (Subresource Integrity values in dist/cdn/integrity.json)');

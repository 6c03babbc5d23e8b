// `npm run build`: the npm entry points (ES modules + types) into dist/, the drop-in files into
// dist/cdn/, then dist/custom-elements.json from the element's JSDoc.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['vite', 'build', '--mode', 'cdn', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--mode', 'cdn-iife', '--logLevel', 'warn']);
run('npx', ['custom-elements-manifest', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']);
console.log('built dist/');

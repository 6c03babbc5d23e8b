import { defineConfig, type UserConfig } from 'vite';
import { demoSite } from './demo/site-plugin.js';

// The drop-in files of dist/cdn/, built by `npm run build` (modes `cdn` and `cdn-iife`), minified.
// No source maps: they would triple the tarball for files a CMS page loads as they are; the npm
// entry points ship with maps and src/ for debugging.
const dropInOutput = { outDir: 'dist/cdn', emptyOutDir: false, sourcemap: false, minify: true, modulePreload: false };

// The ES module: not lib mode, which leaves whitespace in `es` output; its exports are kept.
const moduleBuild: UserConfig['build'] = {
  ...dropInOutput,
  rolldownOptions: {
    input: 'src/cdn.ts',
    preserveEntrySignatures: 'strict',
    output: { format: 'es', entryFileNames: 'sign-out-button.js', chunkFileNames: '[name]-[hash].js' },
  },
};

// The classic script: one file (the oidc-client-ts import is inlined), exports as window.SignOutButton.
const classicBuild: UserConfig['build'] = {
  ...dropInOutput,
  lib: {
    entry: 'src/cdn-global.ts',
    name: 'SignOutButton',
    formats: ['iife'],
    fileName: () => 'sign-out-button.iife.js',
  },
};

export default defineConfig(({ mode }) => ({
  root: '.',
  plugins: [demoSite()],
  // The dev server for the demo (`npm start`) and the end-to-end test pages, on 127.0.0.1: the
  // same site as the embedded provider on 127.0.0.1:4000.
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // Pre-bundled at start-up, so a first page load never triggers a re-optimise and reload.
  optimizeDeps: {
    include: ['lit', 'lit/decorators.js', 'oidc-client-ts'],
    entries: ['demo/**/*.html', 'test/e2e/pages/**/*.html', 'test/engines/pages/**/*.html', 'bench/**/*.html'],
  },
  build: mode === 'cdn-iife' ? classicBuild : moduleBuild,
}));

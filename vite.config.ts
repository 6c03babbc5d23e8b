import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { demoSite } from './demo/site-plugin.js';

// The drop-in files of dist/cdn/, built by `npm run build` (modes `cdn` and `cdn-iife`), minified.
// No source maps: they would triple the tarball for files a CMS page loads as they are; the npm
// entry points ship with maps and src/ for debugging.
const dropInOutput = { outDir: 'dist/cdn', emptyOutDir: false, sourcemap: false, minify: true, modulePreload: false };

/**
 * The drop-in module's lazy imports without Vite's preload helper (about 0.5 KB gzip of the first
 * load): it preloads a chunk's dependencies and CSS, and these chunks have neither to preload
 * (modulePreload is off, the element's CSS is in its shadow root), so each import is just made.
 */
const plainDynamicImports: Plugin = {
  name: 'sign-out-button:plain-dynamic-imports',
  enforce: 'pre',
  load(id) {
    return id === '\0vite/preload-helper.js' ? 'export const __vitePreload = (load) => load();' : null;
  },
};

/**
 * The element's styles with comments and needless whitespace taken out, in the drop-in files
 * (the npm entry ships them as written; an app's bundler minifies its own way).
 */
const minifiedStyles: Plugin = {
  name: 'sign-out-button:minified-styles',
  transform(code, id) {
    if (!id.endsWith('/src/shell/sign-out-button.styles.ts')) return null;
    return code.replace(
      /unsafeCSS\(`([^`]*)`\)/,
      (_, text: string) =>
        `unsafeCSS(\`${text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>]|:(?=[^{]*;))\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim()}\`)`,
    );
  },
};

/**
 * The drop-in module's lazily loaded code is one chunk, `sign-out-[hash].js` (the sign-out, the
 * return and front-channel pages, what a tab does for a sign-out made elsewhere), beside
 * `oidc-client-ts-[hash].js`. One dynamic entry, so that no module of the first load is also in a
 * chunk of shared code: Rolldown then keeps them all in the first load's one file.
 */
const chunkName = (chunk: { facadeModuleId: string | null; name: string }) =>
  chunk.facadeModuleId?.endsWith('/src/sign-out/sign-out-chunk.ts') ? 'sign-out' : chunk.name;

// The ES module: not lib mode, which leaves whitespace in `es` output; its exports are kept.
const moduleBuild: UserConfig['build'] = {
  ...dropInOutput,
  rolldownOptions: {
    input: 'src/cdn.ts',
    // The shell's modules stay in this file (the lazy chunks import them from it), rather than in
    // shared chunks that would cost the first load more requests.
    preserveEntrySignatures: 'allow-extension',
    output: {
      format: 'es',
      entryFileNames: 'sign-out-button.js',
      chunkFileNames: (chunk) => `${chunkName(chunk)}-[hash].js`,
    },
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
  plugins: [
    demoSite(),
    ...(mode === 'cdn' ? [plainDynamicImports] : []),
    ...(mode === 'cdn' || mode === 'cdn-iife' ? [minifiedStyles] : []),
  ],
  // The dev server for the demo (`npm start`) and the end-to-end test pages, on 127.0.0.1: the
  // same site as the embedded provider on 127.0.0.1:4000.
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // Pre-bundled at start-up, so a first page load never triggers a re-optimise and reload.
  optimizeDeps: {
    include: ['@lit/reactive-element', 'oidc-client-ts'],
    entries: ['demo/**/*.html', 'test/e2e/pages/**/*.html', 'test/engines/pages/**/*.html', 'bench/**/*.html'],
  },
  build: mode === 'cdn-iife' ? classicBuild : moduleBuild,
}));

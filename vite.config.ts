import { defineConfig } from 'vite';

// The dev server for the demo (`npm start`) and the end-to-end test pages. Pages are served on
// 127.0.0.1, the same site as the embedded provider on 127.0.0.1:4000.
export default defineConfig({
  root: '.',
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // Pre-bundled at start-up, so a first page load never triggers a re-optimise and reload.
  optimizeDeps: {
    include: ['lit', 'lit/decorators.js', 'oidc-client-ts'],
    entries: ['demo/**/*.html', 'test/e2e/pages/**/*.html'],
  },
});

import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Vue must leave <sign-out-button> to the browser: a custom element, not a Vue component.
export default defineConfig({
  logLevel: 'warn',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'sign-out-button' } } })],
});

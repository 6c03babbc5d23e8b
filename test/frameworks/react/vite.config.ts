import { defineConfig } from 'vite';

// TSX through Vite's own transform (React's automatic runtime, from tsconfig.json's "jsx").
export default defineConfig({ logLevel: 'warn' });

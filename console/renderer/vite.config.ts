// Vite build of the console UI into .build/renderer, served by Electron (app://console) and the browser bridge.
// A config runs in Node (the lint rule against Node imports in the renderer leaves vite configs out).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const dir = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

export default defineConfig({
  root: dir('.'),
  // Relative asset URLs: the bridge appends its token to them, Electron serves them from app://console/.
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: dir('../../.build/renderer'),
    emptyOutDir: true,
    // One CSS file; JS in chunks per tab (React.lazy), which the bridge serves with the token added to their
    // imports (console/server/static-files.ts). No modulepreload links: their URLs could not carry the token.
    assetsInlineLimit: 100_000,
    cssCodeSplit: false,
    modulePreload: false,
  },
});

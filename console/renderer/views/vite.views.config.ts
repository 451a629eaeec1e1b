// Vite build of the standalone views page (charts, trainer, recordings; the UI bench) into .build/renderer-views.
// A config runs in Node (the lint rule against Node imports in the renderer leaves vite configs out).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const dir = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

export default defineConfig({
  root: dir('.'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: dir('../../../.build/renderer-views'),
    emptyOutDir: true,
    assetsInlineLimit: 100_000,
    cssCodeSplit: false,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: { output: { codeSplitting: false } },
  },
});

// Vite build of the standalone views page (charts, trainer, recordings; the UI bench) into .build/renderer-views.
// No Node imports (renderer folder rule): paths from import.meta.url.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const dir = (rel: string): string => decodeURIComponent(new URL(rel, import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

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

/**
 * `npm run build`: the renderer (Vite) and Electron main + preload (esbuild
 * bundles of the TypeScript sources). Main is ESM with npm packages left
 * external (serialport is native; electron-builder ships node_modules);
 * the preload is CommonJS because sandboxed preloads cannot be ES modules.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { ensureRenderer } from '../server/build-renderer.js';

const at = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

/** Where the Electron bundles go. */
export const ELECTRON_OUT = at('../../.build/electron');
export const MAIN_BUNDLE = `${ELECTRON_OUT}/main.mjs`;

/** Bundles Electron main, the recordings worker and the preload into `outDir` (packaging tests use a scratch folder). */
export async function buildElectron(outDir: string = ELECTRON_OUT): Promise<void> {
  await build({
    entryPoints: [at('./main.ts')], outfile: `${outDir}/main.mjs`, bundle: true, platform: 'node', format: 'esm',
    target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning',
  });
  // Recordings are read in a worker thread (console/session/replay/recordings-worker-client.ts looks for it beside main).
  await build({
    entryPoints: [at('../session/replay/recordings-worker.ts')], outfile: `${outDir}/recordings-worker.mjs`, bundle: true, platform: 'node',
    format: 'esm', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning',
  });
  await build({
    entryPoints: [at('./preload.ts')], outfile: `${outDir}/preload.cjs`, bundle: true, platform: 'node', format: 'cjs',
    target: 'node20', external: ['electron'], sourcemap: true, logLevel: 'warning',
  });
}

/** Builds everything `npm start` and `npm run dist` need; the renderer only when stale unless forced. */
export async function buildAll(forceRenderer = true): Promise<void> {
  await ensureRenderer(forceRenderer);
  await buildElectron();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAll().then(
    () => console.log('built .build/renderer and .build/electron'),
    (e: unknown) => {
      console.error(`build failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}

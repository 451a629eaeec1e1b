/** Builds the renderer with Vite when its output is missing or older than its sources (or always, when asked). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the renderer build goes. */
export const RENDERER_DIR = fileURLToPath(new URL('../../.build/renderer', import.meta.url));
const CONFIG = fileURLToPath(new URL('../renderer/vite.config.ts', import.meta.url));
const SOURCES = [fileURLToPath(new URL('../renderer', import.meta.url)), fileURLToPath(new URL('../shared', import.meta.url))];

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** True when index.html is missing or a renderer/shared source changed after it was built. */
export function rendererStale(): boolean {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((d) => existsSync(d) && newestMtime(d) > built);
}

/** Runs a production `vite build` of one Vite config (into `outDir` instead of the config's, when given). */
export async function viteBuildProduction(configFile: string, outDir?: string): Promise<void> {
  const { build } = await import('vite');
  // Under a test runner NODE_ENV is "test", which would ship React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, logLevel: 'warn', mode: 'production', ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}) });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
}

/** Runs `vite build` for the renderer when it is stale (force: always). */
export async function ensureRenderer(force = false): Promise<string> {
  if (!force && !rendererStale()) return RENDERER_DIR;
  await viteBuildProduction(CONFIG);
  return RENDERER_DIR;
}

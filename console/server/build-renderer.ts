/**
 * Builds the renderer with Vite when its output is missing or older than what it was built from (or always,
 * when asked). What it was built from is Vite's own list: every module the build read — the renderer, the
 * shared console code, the protocol catalogue, the packages — is recorded beside the output
 * (`<outDir>.inputs.json`, outside the served folder), so touching any of them makes the build stale.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** Where the renderer build goes. */
export const RENDERER_DIR = fileURLToPath(new URL('../../.build/renderer', import.meta.url));
const CONFIG = fileURLToPath(new URL('../renderer/vite.config.ts', import.meta.url));

/** The file listing a build's inputs. */
export function inputsFileOf(outDir: string): string {
  return `${resolve(outDir)}.inputs.json`;
}

/** A Vite plugin that records the files a production build read (its module ids, plus the config). */
function recordInputs(configFile: string): Plugin {
  let outDir = '';
  let ids: string[] = [];
  return {
    name: 'penbench-record-inputs',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    generateBundle() {
      ids = [...this.getModuleIds()].map((id) => id.replace(/\?.*$/, '')).filter((id) => isAbsolute(id) && !id.includes('\0'));
    },
    closeBundle() {
      writeFileSync(inputsFileOf(outDir), JSON.stringify({ inputs: [...new Set([configFile, ...ids])].sort() }, null, 1));
    },
  };
}

/** True when index.html is missing, or a file the build read changed or vanished since (or the list is missing). */
export function rendererStale(outDir: string = RENDERER_DIR): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  let inputs: unknown;
  try {
    inputs = (JSON.parse(readFileSync(inputsFileOf(outDir), 'utf8')) as { inputs?: unknown }).inputs;
  } catch {
    return true;
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return true;
  return inputs.some((f) => {
    try {
      return statSync(String(f)).mtimeMs > built;
    } catch {
      return true;
    }
  });
}

/** Runs a production `vite build` of one Vite config (into `outDir` instead of the config's, when given). */
export async function viteBuildProduction(configFile: string, outDir?: string): Promise<void> {
  const { build } = await import('vite');
  // Under a test runner NODE_ENV is "test", which would ship React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile, logLevel: 'warn', mode: 'production', plugins: [recordInputs(configFile)],
      ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
    });
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

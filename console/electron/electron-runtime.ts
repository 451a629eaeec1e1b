/**
 * Finds the Electron runtime binary without `require('electron')`, which would
 * try to download it: an offline machine has the npm package (types, CLI) but
 * no `dist/`. Same lookup as electron's index.js, minus the download.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The binary's path, or a sentence saying why there is none. */
export function findElectronBinary(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { ok: true; path: string } | { ok: false; why: string } {
  const pathFile = join(electronDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, rel ?? 'electron');
    return existsSync(p) ? { ok: true, path: p } : { ok: false, why: `ELECTRON_OVERRIDE_DIST_PATH has no ${rel ?? 'electron'}` };
  }
  if (!existsSync(electronDir)) return { ok: false, why: 'the electron package is not installed' };
  if (!rel) return { ok: false, why: 'node_modules/electron/dist is missing, the binary was never downloaded' };
  const p = join(electronDir, 'dist', rel);
  return existsSync(p) ? { ok: true, path: p } : { ok: false, why: `${p} is missing` };
}

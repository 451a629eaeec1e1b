/**
 * `npm run dist` first checks the Node version against what the installed
 * Electron's packaging tools declare (electron, @electron/get, @electron/rebuild,
 * node-abi: Node ≥ 22.12 for Electron 45), so an old Node fails in one clear
 * line instead of somewhere inside electron-builder. The range comes from
 * node_modules/electron/package.json, so it follows an Electron upgrade.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Whether `version` (v22.12.0) satisfies a `>=X.Y[.Z]` range; null for a range form this check does not read. */
export function satisfiesAtLeast(version: string, range: string): boolean | null {
  const want = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  const have = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!want || !have) return null;
  const w = [Number(want[1]), Number(want[2] ?? 0), Number(want[3] ?? 0)];
  const h = [Number(have[1]), Number(have[2]), Number(have[3])];
  for (let i = 0; i < 3; i++) if (h[i] !== w[i]) return h[i]! > w[i]!;
  return true;
}

/** The Node range the installed Electron declares, or null when it is not installed or says nothing. */
export function electronNodeRange(electronPackageJson = fileURLToPath(new URL('../../node_modules/electron/package.json', import.meta.url))): string | null {
  try {
    const pkg = JSON.parse(readFileSync(electronPackageJson, 'utf8')) as { engines?: { node?: string } };
    return pkg.engines?.node ?? null;
  } catch {
    return null;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const range = electronNodeRange();
  const ok = range === null ? null : satisfiesAtLeast(process.version, range);
  if (ok === false) {
    process.stderr.write(`dist: packaging needs Node ${range} (Electron's packaging tools declare it); this is Node ${process.version}. `
      + 'Install that Node (e.g. nvm install 22) and run npm run dist again. Tests and the CLIs run on Node 20.19 and later.\n');
    process.exit(1);
  }
}

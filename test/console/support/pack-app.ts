/**
 * Packs the console the way `npm run dist` does, as far as an offline machine
 * can: electron-builder with the repository's electron-builder.yml, on a
 * scratch copy of the build output (the real bundles and UI, built here), with
 * a stand-in Electron distribution — a file that carries Electron's fuse wire
 * sentinel, so the configured fuses are really flipped in it. What comes out
 * is the packed app: resources/app.asar, app.asar.unpacked and the binary.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildElectron } from '../../../console/electron/build.js';
import { viteBuildProduction } from '../../../console/server/build-renderer.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** Electron's fuse wire marker (@electron/fuses SENTINEL), followed by the wire version and length. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuses of the V1 wire, in wire order. */
export const FUSE_NAMES = [
  'runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges',
] as const;

/** The packed app. */
export interface PackedApp {
  /** The scratch project that was packed (its .build holds the bundles that went in). */
  stage: string;
  /** linux-unpacked: the app folder electron-builder made. */
  appDir: string;
  resources: string;
  /** The Electron binary after packing (fuses flipped). */
  binary: string;
  config: Record<string, unknown>;
}

/**
 * The installed run-time packages, copied as real folders. A symlinked node_modules is not a tree npm can
 * list from the stage: `npm list` (electron-builder's collector) then trusts only npm's hidden lockfile,
 * which a fresh clone invalidates as soon as anything (vite's cache) writes into node_modules, and the
 * collector silently packs a partial closure.
 */
function copyProductionModules(stage: string): void {
  // npm ls exits non-zero over extraneous dev packages; the list it prints is still the production tree.
  const out = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' }).stdout;
  if (!out.includes('node_modules/xstate')) throw new Error('npm ls printed no production tree');
  const dirs = out.split('\n').map((l) => relative(ROOT, l.trim())).filter((d) => d.startsWith('node_modules')).sort();
  let last = '';
  for (const dir of dirs) {
    if (last && dir.startsWith(`${last}/`)) continue; // nested node_modules came with its parent
    cpSync(join(ROOT, dir), join(stage, dir), { recursive: true });
    last = dir;
  }
}

/** Build and pack into a scratch folder (Linux `dir` target). */
export async function packApp(): Promise<PackedApp> {
  const stage = mkdtempSync(join(tmpdir(), 'penbench-pack-'));
  // The project as electron-builder sees it: package.json, lockfile, installed packages, the build output.
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(stage, f));
  copyProductionModules(stage);
  cpSync(join(ROOT, 'console/electron/assets'), join(stage, 'console/electron/assets'), { recursive: true });
  await viteBuildProduction(join(ROOT, 'console/renderer/vite.config.ts'), join(stage, '.build/renderer'));
  await buildElectron(join(stage, '.build/electron'));
  // A stand-in for Electron's unpacked distribution: every fuse enabled, as in a stock binary.
  const dist = join(stage, 'electron-dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n# stand-in\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, FUSE_NAMES.length]), Buffer.alloc(FUSE_NAMES.length, 0x31)]), { mode: 0o755 });
  writeFileSync(join(dist, 'version'), JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version);
  const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  const { build, Platform } = await import('electron-builder');
  await build({
    projectDir: stage,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { ...config, electronDist: dist, directories: { ...(config['directories'] as object), output: join(stage, 'out') } },
  });
  const appDir = join(stage, 'out', 'linux-unpacked');
  return { stage, appDir, resources: join(appDir, 'resources'), binary: join(appDir, 'penbench'), config };
}

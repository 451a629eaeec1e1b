/**
 * Packs the console the way `npm run dist` does, as far as an offline machine
 * can: electron-builder with the repository's electron-builder.yml, on a
 * scratch copy of the build output (the real bundles and UI, built here), with
 * a stand-in Electron distribution — a file that carries Electron's fuse wire
 * sentinel, so the configured fuses are really flipped in it. What comes out
 * is the packed app: resources/app.asar, app.asar.unpacked and the binary.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Build and pack into a scratch folder (Linux `dir` target). */
export async function packApp(): Promise<PackedApp> {
  const stage = mkdtempSync(join(tmpdir(), 'penbench-pack-'));
  // The project as electron-builder sees it: package.json, lockfile, installed packages, the build output.
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(stage, f));
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
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

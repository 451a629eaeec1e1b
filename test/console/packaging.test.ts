/**
 * The packed app, from electron-builder's own file list (test/console/support/pack-app.ts packs it with
 * the repository's electron-builder.yml): only what main, preload and the recordings worker load at run
 * time, every one of their imports present, the native module and the worker unpacked, the fuses flipped
 * as configured, and no native rebuild.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outsideAsar } from '../../console/session/replay/recordings-worker-client.js';
import { FUSE_NAMES, FUSE_SENTINEL, packApp, type PackedApp } from './support/pack-app.js';
import { REPO_ROOT } from '../support/run-cli.js';

interface AsarNode {
  files?: Record<string, AsarNode>;
  size?: number;
  unpacked?: boolean;
}

/** The header of an asar archive (Chromium pickle: sizes, then the JSON of the file tree). */
function asarHeader(file: string): AsarNode {
  const buf = readFileSync(file);
  const jsonLength = buf.readUInt32LE(12);
  return JSON.parse(buf.subarray(16, 16 + jsonLength).toString('utf8')) as AsarNode;
}

/** Every file of the archive with its size and whether it lives in app.asar.unpacked. */
function asarFiles(node: AsarNode, prefix = ''): Map<string, { size: number; unpacked: boolean }> {
  const out = new Map<string, { size: number; unpacked: boolean }>();
  for (const [name, child] of Object.entries(node.files ?? {})) {
    const path = prefix ? `${prefix}/${name}` : name;
    if (child.files) for (const [p, v] of asarFiles(child, path)) out.set(p, v);
    else out.set(path, { size: child.size ?? 0, unpacked: child.unpacked === true });
  }
  return out;
}

/** Top-level package names under node_modules/ in the archive. */
function packedPackages(files: Map<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const p of files.keys()) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(p);
    if (m) names.add(m[1]!);
  }
  return names;
}

/** Bare package names a bundle imports (node: and builtins excluded). */
function bareImports(source: string): Set<string> {
  const names = new Set<string>();
  const forms = /^\s*import\s[^;]*?\bfrom\s*["']([^"'\s]+)["']|^\s*import\s*["']([^"'\s]+)["']|\bimport\(\s*["']([^"'\s]+)["']\s*\)|\brequire\(\s*["']([^"'\s]+)["']\s*\)/gm;
  for (const m of source.matchAll(forms)) {
    const spec = (m[1] ?? m[2] ?? m[3] ?? m[4])!;
    if (spec.startsWith('.')) continue;
    if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
    names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return names;
}

function dirSize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

let app: PackedApp;
let files: Map<string, { size: number; unpacked: boolean }>;

beforeAll(async () => {
  app = await packApp();
  files = asarFiles(asarHeader(join(app.resources, 'app.asar')));
}, 180_000);
afterAll(() => rmSync(app.stage, { recursive: true, force: true }));

describe('packaging (electron-builder file list)', () => {
  it('packs only the run-time dependencies of main, preload and the worker, and everything they import', () => {
    const packages = packedPackages(files);
    for (const dev of ['react', 'react-dom', 'recharts', 'ws', 'yaml', 'vite', 'electron', 'typescript', 'esbuild', 'playwright-core']) {
      expect(packages.has(dev), `${dev} must not be packed`).toBe(false);
    }
    for (const bundle of ['main.mjs', 'preload.cjs', 'recordings-worker.mjs']) {
      expect(files.has(`.build/electron/${bundle}`), bundle).toBe(true);
      const source = readFileSync(join(app.stage, '.build/electron', bundle), 'utf8');
      const imports = bareImports(source);
      if (bundle === 'main.mjs') expect([...imports]).toEqual(expect.arrayContaining(['serialport', '@serialport/stream', 'xstate', 'electron']));
      for (const name of imports) if (name !== 'electron') expect(packages.has(name), `${bundle} imports ${name}`).toBe(true);
    }
    // The closure is whole: each packed package's own dependencies are packed too.
    for (const name of packages) {
      const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(pkg.dependencies ?? {})) expect(packages.has(dep), `${name} needs ${dep}`).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@mcap/core', '@serialport/parser-readline', '@serialport/stream', 'serialport', 'xstate']);
  });

  it('keeps the native serialport prebuild and the recordings worker outside the archive, where they can load', () => {
    const prebuilds = [...files.entries()].filter(([p]) => /^node_modules\/@serialport\/bindings-cpp\/prebuilds\/linux-x64\/.*\.node$/.test(p));
    expect(prebuilds.length).toBeGreaterThan(0);
    for (const [p, f] of prebuilds) {
      expect(f.unpacked, p).toBe(true);
      expect(existsSync(join(app.resources, 'app.asar.unpacked', p))).toBe(true);
    }
    expect(files.get('.build/electron/recordings-worker.mjs')?.unpacked).toBe(true);
    const mainUrl = new URL(`file://${join(app.resources, 'app.asar', '.build/electron/main.mjs')}`);
    expect(outsideAsar(new URL('./recordings-worker.mjs', mainUrl)).pathname).toBe(join(app.resources, 'app.asar.unpacked', '.build/electron/recordings-worker.mjs'));
    expect(existsSync(join(app.resources, 'app.asar.unpacked', '.build/electron/recordings-worker.mjs'))).toBe(true);
  });

  it('flips the Electron fuses as electron-builder.yml says (no run-as-node, asar only and checked, …)', () => {
    const binary = readFileSync(app.binary);
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    const wire = [...binary.subarray(at + 2, at + 2 + binary[at + 1]!)].map((b) => String.fromCharCode(b));
    const want = app.config['electronFuses'] as Record<string, boolean>;
    expect(Object.keys(want).sort()).toEqual([...FUSE_NAMES].sort());
    expect(Object.fromEntries(FUSE_NAMES.map((n, i) => [n, wire[i] === '1']))).toEqual(want);
    expect(want).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true, enableCookieEncryption: true });
  });

  it('does not rebuild serialport (its Node-API prebuilds serve Electron too) and stays small', () => {
    expect(app.config['npmRebuild']).toBe(false);
    expect(existsSync(join(REPO_ROOT, 'node_modules/@serialport/bindings-cpp/build'))).toBe(false);
    const packed = statSync(join(app.resources, 'app.asar')).size + dirSize(join(app.resources, 'app.asar.unpacked'));
    console.log(`packed app: app.asar + app.asar.unpacked = ${(packed / 1e6).toFixed(2)} MB`);
    expect(packed).toBeLessThan(8e6);
  });
});

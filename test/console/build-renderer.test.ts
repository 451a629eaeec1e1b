/**
 * The renderer's staleness check follows what Vite bundled: a production build records every file it read
 * (renderer, shared code, the protocol catalogue, packages) beside its output, and the build counts as stale
 * once any of them is newer than it or gone — touching the catalogue rebuilds the UI. And the build is split
 * per tab: the page's first chunks carry no Recharts, and the bridge adds the token to every chunk import.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsFileOf, rendererStale, viteBuildProduction } from '../../console/server/build-renderer.js';
import { scriptWithToken } from '../../console/server/static-files.js';
import { REPO_ROOT } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'penbench-renderer-'));
const out = join(dir, 'renderer');
const CONFIG = fileURLToPath(new URL('../../console/renderer/vite.config.ts', import.meta.url));

beforeAll(async () => {
  await viteBuildProduction(CONFIG, out);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderer staleness', () => {
  it('records the files the build read, the protocol catalogue and shared code among them, outside the served folder', () => {
    const { inputs } = JSON.parse(readFileSync(inputsFileOf(out), 'utf8')) as { inputs: string[] };
    for (const f of ['protocol/src/catalogue/catalogue.ts', 'console/shared/explain.ts', 'console/renderer/src/main.tsx', 'console/renderer/vite.config.ts']) {
      expect(inputs).toContain(join(REPO_ROOT, f));
    }
    expect(inputs.some((f) => f.includes('/node_modules/react-dom/'))).toBe(true);
    expect(inputsFileOf(out).startsWith(out + '/')).toBe(false);
  });

  it('is fresh after a build, stale once an input is newer than the output or missing, or the list is gone', () => {
    expect(rendererStale(out)).toBe(false);
    const index = join(out, 'index.html');
    // An output older than every input, as if the catalogue (or anything else it read) were edited after the build.
    utimesSync(index, new Date(), new Date(0));
    expect(rendererStale(out)).toBe(true);
    utimesSync(index, new Date(), new Date(Date.now() + 3_600_000));
    expect(rendererStale(out)).toBe(false);
    const file = inputsFileOf(out);
    const list = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ inputs: [join(dir, 'gone.ts')] }));
    expect(rendererStale(out)).toBe(true);
    rmSync(file);
    expect(rendererStale(out)).toBe(true);
    writeFileSync(file, list);
    expect(rendererStale(out)).toBe(false);
  });

  it('splits the UI per tab: the chunks the page starts with hold no Recharts; the chart chunks load later', () => {
    const assets = join(out, 'assets');
    const read = (f: string) => readFileSync(join(assets, f), 'utf8');
    const statics = (js: string) => [...js.matchAll(/\bfrom\s*["']\.\/([^"']+\.js)["']|\bimport\s*["']\.\/([^"']+\.js)["']/g)].map((m) => (m[1] ?? m[2])!);
    const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(readFileSync(join(out, 'index.html'), 'utf8'))![1]!;
    const first = new Set<string>([entry]);
    for (const f of first) for (const dep of statics(read(f))) first.add(dep);
    // Recharts names its SVG surface with this class; no first chunk may carry its code.
    for (const f of first) expect(read(f), f).not.toContain('recharts-surface');
    const all = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(all.some((f) => !first.has(f) && read(f).includes('recharts-surface'))).toBe(true);
    expect(read(entry)).toMatch(/import\(`\.\/TelemetryPanel-[^`]+\.js`\)/);
  });

  it('the bridge adds the token to every relative import of every chunk, static and dynamic', () => {
    const assets = join(out, 'assets');
    for (const f of readdirSync(assets).filter((x) => x.endsWith('.js'))) {
      const js = scriptWithToken(readFileSync(join(assets, f), 'utf8'), 'T0k');
      const imports = [...js.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'`](\.\/[^"'`]+)["'`]/g)].map((m) => m[1]!);
      for (const i of imports) expect(i, f).toMatch(/\.js\?token=T0k$/);
    }
    expect(scriptWithToken('import{a}from"./x-1.js";const y=()=>import(`./y-2.js`);', 'a b'))
      .toBe('import{a}from"./x-1.js?token=a%20b";const y=()=>import(`./y-2.js?token=a%20b`);');
  });
});

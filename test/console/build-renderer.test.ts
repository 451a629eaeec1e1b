/**
 * The renderer's staleness check follows what Vite bundled: a production build records every file it read
 * (renderer, shared code, the protocol catalogue, packages) beside its output, and the build counts as stale
 * once any of them is newer than it or gone — touching the catalogue rebuilds the UI.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsFileOf, rendererStale, viteBuildProduction } from '../../console/server/build-renderer.js';
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
});

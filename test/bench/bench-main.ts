/**
 * `penbench bench [--json FILE] [--only NAME]`: runs every registered section
 * (or one), prints its human-readable lines, and writes the figures of all
 * sections as one JSON object when --json is given.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { oneOf, text, type CommandSpec, type OptionSpecs } from '../../protocol/node/cli-args.js';
import { parseOrAnswer, type CliIo } from '../../protocol/node/cli-io.js';
import { SECTIONS } from './sections/index.js';

/** `penbench bench`. */
export const BENCH_SPEC = {
  name: 'penbench bench',
  summary: 'measure the real code paths; figures are ratios against baselines measured in the same run',
  usage: ['[--json FILE] [--only NAME]'],
  options: {
    json: text('FILE', 'also write every figure as one JSON object to FILE'),
    only: oneOf(SECTIONS.map((s) => s.name), 'run one section'),
  },
} satisfies CommandSpec<OptionSpecs>;

/** Run the benchmarks; resolves to the exit code (1 when a section failed). */
export async function benchMain(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOrAnswer(BENCH_SPEC, argv, io, 'bench');
  if (typeof parsed === 'number') return parsed;
  const { json: jsonFile, only } = parsed.values;
  const out = (t: string) => io.stdout.write(`${t}\n`);
  const sections = only ? SECTIONS.filter((s) => s.name === only) : SECTIONS;
  const figures: Record<string, number> = {};
  const started = performance.now();
  let failed = 0;
  for (const s of sections) {
    out(`\n== ${s.name} ==`);
    const t0 = performance.now();
    try {
      const r = await s.run();
      for (const [k, v] of Object.entries(r)) {
        if (k in figures) io.stderr.write(`bench: key ${k} of section ${s.name} overrides an earlier section's\n`);
        figures[k] = v;
      }
    } catch (e) {
      failed++;
      io.stderr.write(`bench: section ${s.name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    }
    out(`   (${s.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  out(`\nbench: ${sections.length} section(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (jsonFile) {
    const path = resolve(jsonFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(figures, null, 2) + '\n');
    out(`bench: figures written to ${path}`);
  }
  return failed > 0 ? 1 : 0;
}

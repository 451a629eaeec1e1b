/**
 * `npm run bench [-- --json FILE] [-- --only NAME]`: runs every registered
 * section, prints its human-readable lines, and writes the figures of all
 * sections as one JSON object when --json is given.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SECTIONS } from './sections/index.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const OPTIONS = ['--json', '--only'];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (OPTIONS.includes(args[i]!)) i++;
    else {
      console.error(`bench: unknown argument "${args[i]}"; options: --json FILE, --only ${SECTIONS.map((s) => s.name).join('|')}`);
      return 2;
    }
  }
  const jsonFile = arg('--json');
  if (process.argv.includes('--json') && !jsonFile) {
    console.error('bench: --json needs a FILE argument, e.g. npm run bench -- --json .build/bench.json');
    return 2;
  }
  const only = arg('--only');
  const sections = only ? SECTIONS.filter((s) => s.name === only) : SECTIONS;
  if (sections.length === 0) {
    console.error(`bench: no section named "${only}"; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const figures: Record<string, number> = {};
  const started = performance.now();
  let failed = 0;
  for (const s of sections) {
    console.log(`\n== ${s.name} ==`);
    const t0 = performance.now();
    try {
      const r = await s.run();
      for (const [k, v] of Object.entries(r)) {
        if (k in figures) console.warn(`bench: key ${k} of section ${s.name} overrides an earlier section's`);
        figures[k] = v;
      }
    } catch (e) {
      failed++;
      console.error(`bench: section ${s.name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
    console.log(`   (${s.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  console.log(`\nbench: ${sections.length} section(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (jsonFile) {
    const path = resolve(jsonFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(figures, null, 2) + '\n');
    console.log(`bench: figures written to ${path}`);
  }
  return failed > 0 ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (e) => {
  console.error(e);
  process.exitCode = 1;
});

/**
 * `npm run mutate [-- <Stryker options>]`: runs Stryker over the safety code
 * (test/stryker.config.mjs; options such as `--mutate FILE` scope a run, `--force`
 * ignores the incremental file), then merges its JSON report into
 * test/safety/mutation-summary.json and prints the score per file and per rule
 * and the survivors without a disposition. `npm run docs:safety` then puts the
 * figures into the safety case. Exit code: Stryker's, else 0.
 */
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byRule, mergeReports, readDispositions, readSummary, score, summarize, SUMMARY_FILE, type StrykerReport } from './mutation-summary.js';

const base = fileURLToPath(new URL('../..', import.meta.url));
const REPORT = '.build/mutation/mutation.json';
/** Every mutant's last outcome, merged over runs (a scoped run tests some; the others keep theirs). */
const RESULTS = '.build/mutation/results.json';

function pct(v: number | null): string {
  return v === null ? '—' : `${v.toFixed(1)} %`;
}

const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary-only');
const readJson = <T>(p: string): T | null => (existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as T) : null);
const results = join(base, RESULTS);
const flag = args.indexOf('--mutate');
const patterns = flag >= 0 ? (args[flag + 1] ?? '').split(',') : [];
/** The file of a mutate pattern (a `:lines` range dropped). */
const fileOf = (pattern: string) => pattern.replace(/:[\d:-]+$/, '');
/** Every mutant's outcome before this run (this script alone writes the file). */
const prior = readJson<StrykerReport>(results);
// A run of some lines of a file merges into that file's per-mutant results; without them (a new
// machine, or a file whose last whole run predates the results file) the lines alone would
// replace the file's figures in the summary. Refuse, naming the file and the way out.
const known = new Set(Object.keys(prior?.files ?? {}));
const lineOnly = [...new Set(patterns.filter((p) => /:\d/.test(p)).map(fileOf))].filter((f) => !known.has(f));
if (!summaryOnly && lineOnly.length > 0) {
  console.error(`mutate: ${lineOnly.join(', ')}: no per-mutant results in ${RESULTS} to merge these lines into, so they would replace the file's figures; run the whole file first (--mutate ${lineOnly.join(',')})`);
  process.exit(2);
}
if (!summaryOnly) {
  const r = spawnSync('npx', ['stryker', 'run', 'test/stryker.config.mjs', ...args], { cwd: base, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
/** Matchers of mutate patterns (globs with `*` within a folder; a `:lines` range is dropped). */
const matchers = (patterns: string[]) =>
  patterns.map((g) => new RegExp(`^${fileOf(g).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));
const matches = (res: RegExp[], file: string) => res.some((re) => re.test(file));
// The files the config mutates today: figures of a file deleted or taken out of the scope are dropped.
const scope = matchers(((await import(new URL('../stryker.config.mjs', import.meta.url).href)) as { default: { mutate: string[] } }).default.mutate);
const inScope = (file: string) => existsSync(join(base, file)) && matches(scope, file);
// The files this run mutated. Stryker's report also lists the other files of its incremental
// file, with results it did not test now (mapped onto their current source even where that
// changed): only the mutated files' results are merged.
const mutated = flag >= 0 ? matchers(patterns) : scope;
// (--summary-only: the last report is in the results already.)
const run = (summaryOnly ? null : readJson<StrykerReport>(join(base, REPORT))) ?? { files: {} };
const tested: StrykerReport = { files: Object.fromEntries(Object.entries(run.files).filter(([f]) => matches(mutated, f))) };
const report = mergeReports(prior, tested);
writeFileSync(results, JSON.stringify(report));
const version = (JSON.parse(readFileSync(join(base, 'node_modules/@stryker-mutator/core/package.json'), 'utf8')) as { version: string }).version;
const runScope = summaryOnly ? undefined : { files: new Set(Object.keys(tested.files)), tests: process.env['PENBENCH_MUTATE_TESTS'] ?? null };
const summary = summarize(report, readSummary(base), readDispositions(base), new Date().toISOString().slice(0, 10), `@stryker-mutator/core ${version}`, inScope, runScope);
writeFileSync(join(base, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
console.log('\nmutation score per file:');
for (const [f, c] of Object.entries(summary.files)) console.log(`  ${pct(score(c)).padStart(8)}  ${f}  (${c.killed + c.timeout} detected, ${c.survived} survived, ${c.noCoverage} not covered)`);
console.log('per safety rule:');
for (const [r, c] of Object.entries(byRule(summary)).sort()) console.log(`  ${pct(score(c)).padStart(8)}  ${r}  (${c.killed + c.timeout}/${c.killed + c.timeout + c.survived + c.noCoverage})`);
const open = summary.survivors.filter((s) => s.disposition === null);
console.log(`${summary.survivors.length} survivors, ${open.length} without a disposition (add them to test/safety/mutant-dispositions.json or kill them with a test)`);
console.log(`written ${SUMMARY_FILE}; run npm run docs:safety to update the safety case`);

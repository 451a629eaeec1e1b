/**
 * The mutation score per file and per safety rule, from Stryker's JSON report:
 * each mutant is mapped to the rules of the `SR-xx` comment it sits under
 * (sr-comments.ts), and each survivor is listed with its disposition from
 * mutant-dispositions.json (a test that now kills it, or why it is
 * equivalent). Files mutated in a run replace their earlier figures; other
 * files keep theirs, so scoped runs add up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesByLine } from './sr-comments.js';

/** Counts of mutant outcomes. */
export interface Counts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
}

/** One surviving mutant. */
export interface Survivor {
  file: string;
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  rules: string[];
  /** Why it may survive (an equivalent mutant) or which test kills it now; null: not yet looked at. */
  disposition: string | null;
}

/** The committed summary (test/safety/mutation-summary.json). */
export interface MutationSummary {
  tool: string;
  /**
   * Per file: when its mutants were last tested (ISO date) and against which
   * tests (`tests`: the PENBENCH_MUTATE_TESTS list of that run; absent: every
   * test of test/stryker.vitest.config.ts).
   */
  files: Record<string, Counts & { at: string; tests?: string; byRule: Record<string, Counts> }>;
  survivors: Survivor[];
}

/** A disposition of a surviving mutant, matched by file, mutator, original code and replacement. */
export interface Disposition {
  file: string;
  mutator: string;
  original: string;
  replacement: string;
  reason: string;
}

interface ReportMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** Stryker's mutation-testing-report-schema JSON, as far as it is read here. */
export interface StrykerReport {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

export const SUMMARY_FILE = 'test/safety/mutation-summary.json';
export const DISPOSITIONS_FILE = 'test/safety/mutant-dispositions.json';

const zero = (): Counts => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0 });

function add(c: Counts, status: string): void {
  if (status === 'Killed') c.killed++;
  else if (status === 'Timeout') c.timeout++;
  else if (status === 'Survived') c.survived++;
  else if (status === 'NoCoverage') c.noCoverage++;
}

/** Stryker's score: detected / (detected + undetected), in %; null when there is nothing to score. */
export function score(c: Counts): number | null {
  const all = c.killed + c.timeout + c.survived + c.noCoverage;
  return all === 0 ? null : (100 * (c.killed + c.timeout)) / all;
}

/** Sum of counts. */
export function sum(cs: Iterable<Counts>): Counts {
  const t = zero();
  for (const c of cs) {
    t.killed += c.killed;
    t.timeout += c.timeout;
    t.survived += c.survived;
    t.noCoverage += c.noCoverage;
  }
  return t;
}

function snippet(source: string[], m: ReportMutant): string {
  const { start, end } = m.location;
  const text = start.line === end.line
    ? source[start.line - 1]!.slice(start.column - 1, end.column - 1)
    : [source[start.line - 1]!.slice(start.column - 1), ...source.slice(start.line, end.line - 1), source[end.line - 1]!.slice(0, end.column - 1)].join('\n');
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

/**
 * Merge a run's report into the results so far (kept between runs in .build):
 * a file whose source is unchanged keeps its other mutants and takes the run's
 * outcome for the ones it tested (a run scoped to some lines tests only
 * those); a changed file keeps only what this run tested on its new source.
 */
export function mergeReports(previous: StrykerReport | null, next: StrykerReport): StrykerReport {
  const files = { ...(previous?.files ?? {}) };
  const key = (m: ReportMutant) => `${m.location.start.line}:${m.location.start.column}|${m.mutatorName}|${m.replacement ?? ''}`;
  for (const [file, f] of Object.entries(next.files)) {
    const before = files[file];
    const kept = before && before.source === f.source ? before.mutants : [];
    const tested = new Set(f.mutants.map(key));
    files[file] = { source: f.source, mutants: [...kept.filter((m) => !tested.has(key(m))), ...f.mutants] };
  }
  return { files };
}

/** The files a Stryker run tested and the tests it ran (a PENBENCH_MUTATE_TESTS list, or null: all). */
export interface RunScope {
  files: ReadonlySet<string>;
  tests: string | null;
}

/**
 * Merge a Stryker report into a summary (files in the report replace theirs); files for which
 * `inScope` is false (deleted, or taken out of the mutated set) are dropped with their survivors.
 * Only the files of `run` get today's date and the run's tests; the others keep theirs (a file
 * new to the summary gets them too). No run (a summary rebuilt from the last results): nothing
 * is re-dated.
 */
export function summarize(
  report: StrykerReport, previous: MutationSummary | null, dispositions: Disposition[], at: string, tool: string,
  inScope: (file: string) => boolean = () => true, run?: RunScope,
): MutationSummary {
  const files = Object.fromEntries(Object.entries(previous?.files ?? {}).filter(([file]) => inScope(file)));
  const dispositionOf = (file: string, mutator: string, original: string, replacement: string) =>
    dispositions.find((x) => x.file === file && x.mutator === mutator && x.original === original && x.replacement === replacement)?.reason ?? null;
  // Survivors of files this report does not cover are carried over, their dispositions looked up again.
  const survivors = (previous?.survivors ?? []).filter((s) => !(s.file in report.files) && inScope(s.file))
    .map((s) => ({ ...s, disposition: dispositionOf(s.file, s.mutator, s.original, s.replacement) }));
  for (const [file, f] of Object.entries(report.files)) {
    if (!inScope(file)) continue;
    const byLine = rulesByLine(f.source);
    const source = f.source.split('\n');
    const total = zero();
    const byRule: Record<string, Counts> = {};
    for (const m of f.mutants) {
      const rules = byLine[m.location.start.line - 1] ?? [];
      add(total, m.status);
      for (const r of rules) add((byRule[r] ??= zero()), m.status);
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const original = snippet(source, m);
      const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').trim().slice(0, 160);
      survivors.push({ file, line: m.location.start.line, mutator: m.mutatorName, original, replacement, rules, disposition: dispositionOf(file, m.mutatorName, original, replacement) });
    }
    const before = files[file];
    const fresh = before === undefined || run?.files.has(file) === true;
    const tests = fresh ? run?.tests ?? null : before.tests ?? null;
    files[file] = { ...total, at: fresh ? at : before.at, ...(tests === null ? {} : { tests }), byRule };
  }
  survivors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { tool, files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))), survivors };
}

/** Counts per rule over all files of a summary. */
export function byRule(s: MutationSummary): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  for (const f of Object.values(s.files)) for (const [r, c] of Object.entries(f.byRule)) out[r] = sum([out[r] ?? zero(), c]);
  return out;
}

/** The committed summary, or null before the first run. */
export function readSummary(base: string): MutationSummary | null {
  const p = join(base, SUMMARY_FILE);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as MutationSummary) : null;
}

/** The committed dispositions of surviving mutants. */
export function readDispositions(base: string): Disposition[] {
  const p = join(base, DISPOSITIONS_FILE);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Disposition[]) : [];
}

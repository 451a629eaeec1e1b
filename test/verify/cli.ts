/**
 * `npm run verify -- [--minutes N | --actions N] [--seed S] [--json] [--without CLASS,…] [--shrink-seconds N]`
 *
 * Runs the adversarial search against the simulated pen and prints the
 * actions run, the pen time simulated, every invariant broken with its shrunk
 * transcript (wire lines with pen times, ready to paste into a regression
 * test), and the coverage of actions, pen states, NAK and fault codes, and
 * invariants exercised. Exit code 0: no violation; 1: violations; 2: a bad
 * argument.
 */
import { fileURLToPath } from 'node:url';
import { flag, parseCommandLine, text, value, type Checked } from '../../protocol/node/cli-args.js';
import { parseOrAnswer, runAsProcess, type CliIo } from '../../protocol/node/cli-io.js';
import { INVARIANTS, type InvariantId } from './oracle/invariants.js';
import { RECORDED_PEN_ERRORS } from './pen-under-test.js';
import { search, type SearchReport } from './search.js';

/** The CI budget, also the default here. */
export const DEFAULT_ACTIONS = 200_000;

const num = (arg: string, help: string, min: number) =>
  value(arg, help, (raw): Checked<number> => (/^\d+(\.\d+)?$/.test(raw) && Number(raw) >= min ? { ok: true, value: Number(raw) } : { ok: false, why: `is not a number ≥ ${min}` }));

/** The command line of `penbench verify`, declared once for its parser and its help. */
export const VERIFY_SPEC = {
  name: 'penbench verify',
  summary: 'the adversarial search over host behaviour against the simulated pen (SR-01…SR-17 invariants, every 1 ms)',
  usage: ['[--minutes N | --actions N] [--seed S] [--json] [--without CLASS,...] [--shrink-seconds N]'],
  options: {
    minutes: num('N', 'search for N minutes of wall time (instead of a number of actions)', 0.01),
    actions: num('N', `stop after N actions (default ${DEFAULT_ACTIONS}, the CI budget)`, 1),
    seed: value('S', 'seed of the search (default 1); same seed, same run', (raw): Checked<number> => (/^\d+$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false, why: 'is not a whole number' })),
    json: flag('print the report as one JSON object'),
    without: text('CLASS,...', 'leave these action classes out (names as in the coverage report)'),
    'shrink-seconds': num('N', 'time allowed to shrink each violation (default 20)', 0),
  },
  notes: 'Exit code 0: no invariant broken; 1: violations (each printed with its shrunk transcript); 2: a bad argument.',
} as const;

interface Args {
  minutes: number | null;
  actions: number | null;
  seed: number;
  json: boolean;
  without: string[];
  shrinkSeconds: number;
}

/** Parse the arguments, or say which one is wrong and what it allows. */
export function parseArgs(argv: readonly string[]): Args | string {
  const p = parseCommandLine(VERIFY_SPEC, argv);
  if (p.kind === 'help') return 'help';
  if (p.kind === 'error') return p.error;
  const v = p.values;
  if (v.minutes !== undefined && v.actions !== undefined) return '--minutes and --actions: give one of them';
  return {
    minutes: v.minutes ?? null, actions: v.actions !== undefined ? Math.floor(v.actions) : null, seed: v.seed ?? 1,
    json: v.json, without: v.without ? v.without.split(',') : [], shrinkSeconds: v['shrink-seconds'] ?? 20,
  };
}

function table(title: string, m: Record<string, number>, unit = ''): string[] {
  const rows = Object.entries(m).sort((x, y) => y[1] - x[1]);
  const w = Math.max(8, ...rows.map(([k]) => k.length));
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(w)} ${String(Math.round(v)).padStart(10)}${unit}`)];
}

/** The human-readable report. */
export function formatReport(r: SearchReport): string {
  const out = [
    `penbench verify: seed ${r.seed}`,
    `actions ${r.actions} (${r.lines} lines sent) in ${r.episodes} episodes; pen time simulated ${(r.penMs / 3_600_000).toFixed(2)} h; wall ${(r.wallMs / 1000).toFixed(1)} s (${Math.round(r.actions / (r.wallMs / 1000))} actions/s)`,
    `violations: ${r.findings.length === 0 ? 'none' : r.findings.map((f) => `${f.violation.id} ×${f.occurrences}`).join(', ')}`,
    '',
  ];
  for (const f of r.findings) {
    out.push(`── ${f.violation.id}: shrunk from ${f.originalActions} actions to ${f.actions.length} (${f.shrinkRuns} runs)`, f.transcript, '');
  }
  const inv = Object.fromEntries((Object.keys(INVARIANTS) as InvariantId[]).map((id) => [id, r.exercised[id] ?? 0]));
  out.push(...table('invariants exercised (occasions their precondition arose; ms for continuous ones):', inv), '');
  out.push(...table('actions by class:', r.actionCounts), '');
  out.push(...table('pen states reached (pen time):', r.stateMs, ' ms'), '');
  out.push(...table('NAK codes received:', r.nakCodes), '');
  out.push(...table('faults announced (EVT ev=FAULT):', r.faultCodes));
  return out.join('\n');
}

/** `penbench verify` (`npm run verify`): exit 0 without violations, 1 with, 2 for a bad argument. */
export async function verifyMain(argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  const parsed = parseOrAnswer(VERIFY_SPEC, argv, io, 'verify');
  if (typeof parsed === 'number') return parsed;
  const a = parseArgs(argv);
  if (typeof a === 'string') {
    io.stderr.write(`verify: ${a}\n(${VERIFY_SPEC.name} --help shows every option)\n`);
    return 2;
  }
  // XState rethrows an action's error from a timer after the call returned; the runner has
  // already recorded it as SR-15.crash, so only unrecorded errors may end the process.
  const swallow = (e: unknown) => {
    if (!RECORDED_PEN_ERRORS.has(e as Error)) throw e;
  };
  process.on('uncaughtException', swallow);
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const report = search({
    seed: a.seed,
    maxActions: a.minutes !== null ? Number.MAX_SAFE_INTEGER : (a.actions ?? DEFAULT_ACTIONS),
    maxWallMs: a.minutes !== null ? a.minutes * 60_000 : Number.MAX_SAFE_INTEGER,
    without: new Set(a.without),
    shrinkMs: a.shrinkSeconds * 1000,
    progress: a.json || !tty ? undefined : (n, f) => io.stderr.write(`\r${n} actions, ${f} invariants broken so far…`),
  });
  if (!a.json && tty) io.stderr.write('\n');
  io.stdout.write(a.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  // Let XState's deferred rethrows of recorded pen errors run before leaving.
  await new Promise((r) => setTimeout(r, 10));
  process.off('uncaughtException', swallow);
  return report.findings.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) runAsProcess('verify', verifyMain);

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
import { INVARIANTS, type InvariantId } from './oracle/invariants.js';
import { RECORDED_PEN_ERRORS } from './pen-under-test.js';
import { search, type SearchReport } from './search.js';

/** The CI budget, also the default here. */
export const DEFAULT_ACTIONS = 200_000;

interface Args {
  minutes: number | null;
  actions: number | null;
  seed: number;
  json: boolean;
  without: string[];
  shrinkSeconds: number;
}

const USAGE = 'usage: npm run verify -- [--minutes N | --actions N] [--seed S] [--json] [--without CLASS,...] [--shrink-seconds N]';

/** Parse the arguments, or say which one is wrong and what it allows. */
export function parseArgs(argv: readonly string[]): Args | string {
  const a: Args = { minutes: null, actions: null, seed: 1, json: false, without: [], shrinkSeconds: 20 };
  const num = (name: string, v: string | undefined, min: number): number | string => {
    const n = Number(v);
    return v !== undefined && /^\d+(\.\d+)?$/.test(v) && n >= min ? n : `${name}: expected a number ≥ ${min}, got ${v ?? 'nothing'}`;
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    if (k === '--json') {
      a.json = true;
      continue;
    }
    const v = argv[++i];
    let r: number | string;
    switch (k) {
      case '--minutes':
        r = num(k, v, 0.01);
        if (typeof r === 'number') a.minutes = r;
        break;
      case '--actions':
        r = num(k, v, 1);
        if (typeof r === 'number') a.actions = Math.floor(r);
        break;
      case '--seed':
        r = v !== undefined && /^\d+$/.test(v) ? Number(v) : `--seed: expected a whole number, got ${v ?? 'nothing'}`;
        if (typeof r === 'number') a.seed = r;
        break;
      case '--shrink-seconds':
        r = num(k, v, 0);
        if (typeof r === 'number') a.shrinkSeconds = r;
        break;
      case '--without':
        r = v !== undefined && v.length > 0 ? 0 : '--without: expected action classes separated by commas (see the coverage report)';
        if (v) a.without = v.split(',');
        break;
      default:
        return `unknown argument ${k}; allowed: --minutes, --actions, --seed, --json, --without, --shrink-seconds`;
    }
    if (typeof r === 'string') return r;
  }
  if (a.minutes !== null && a.actions !== null) return '--minutes and --actions: give one of them';
  return a;
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

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  if (typeof a === 'string') {
    process.stderr.write(`${a}\n${USAGE}\n`);
    return 2;
  }
  // XState rethrows an action's error from a timer after the call returned; the runner has
  // already recorded it as SR-15.crash, so only unrecorded errors may end the process.
  process.on('uncaughtException', (e) => {
    if (RECORDED_PEN_ERRORS.has(e)) return;
    throw e;
  });
  const report = search({
    seed: a.seed,
    maxActions: a.minutes !== null ? Number.MAX_SAFE_INTEGER : (a.actions ?? DEFAULT_ACTIONS),
    maxWallMs: a.minutes !== null ? a.minutes * 60_000 : Number.MAX_SAFE_INTEGER,
    without: new Set(a.without),
    shrinkMs: a.shrinkSeconds * 1000,
    progress: a.json || !process.stderr.isTTY ? undefined : (n, f) => process.stderr.write(`\r${n} actions, ${f} invariants broken so far…`),
  });
  if (!a.json) process.stderr.write('\n');
  process.stdout.write(a.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  // Let XState's deferred rethrows of recorded pen errors run before exiting.
  await new Promise((r) => setTimeout(r, 10));
  return report.findings.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => process.exit(code), (e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(3);
  });
}

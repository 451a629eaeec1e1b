/**
 * `npm run hil`: build the target, run the suite (TypeScript cases plus YAML
 * scenarios) or a soak, print live progress, write JUnit and HTML reports,
 * and return the exit code (1 on any failure, 2 on bad arguments).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TS_CASES } from './cases/index.js';
import { HIL_USAGE, parseHilArgs, type HilArgs } from './cli-args.js';
import { runSuite, summarize, type HilCase, type SuiteResult } from './harness/runner.js';
import { InProcessSimTarget, PtySimTarget, SerialTarget } from './harness/targets.js';
import type { HilTarget } from './harness/types.js';
import { htmlReport } from './report/html-report.js';
import { junitXml } from './report/junit.js';
import { loadScenarios } from './scenario.js';
import { runSoak, soakProblems } from './soak.js';

/** Where the CLI writes. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Every case of the suite: TypeScript cases, then the YAML scenarios. */
export function allCases(): HilCase[] {
  return [...TS_CASES, ...loadScenarios()];
}

/** Build the target an argument names. */
export async function makeTarget(a: Pick<HilArgs, 'target' | 'baud' | 'engKeyHex'>): Promise<HilTarget> {
  if (a.target === 'sim') return new InProcessSimTarget();
  if (a.target === 'pty') return PtySimTarget.start({ baud: a.baud });
  return SerialTarget.open({ path: a.target, baud: a.baud, ...(a.engKeyHex ? { engKeyHex: a.engKeyHex } : {}) });
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** Run the CLI with `argv` (after `--`); resolves to the exit code. */
export async function hilMain(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const parsed = parseHilArgs(argv);
  if (!parsed.ok) {
    io.err(`hil: ${parsed.error}\n`);
    return 2;
  }
  const a = parsed.args;
  if (a.help) {
    io.out(HIL_USAGE);
    return 0;
  }
  let target: HilTarget;
  try {
    target = await makeTarget(a);
  } catch (e) {
    io.err(`hil: cannot reach target ${a.target}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  try {
    if (a.soakMs !== undefined) return await soak(target, a.soakMs, io);
    return await suite(target, a, io);
  } finally {
    await target.dispose();
  }
}

async function soak(target: HilTarget, ms: number, io: CliIo): Promise<number> {
  io.out(`hil: soak of ${ms / 60_000} min of pen time on ${target.name}${target.features.has('compressed-time') ? ' (compressed time)' : ''}\n`);
  const r = await runSoak(target, ms, (t) => io.out(`  ${t}\n`));
  io.out([
    `soak: ${(r.penMs / 60_000).toFixed(1)} min of pen time in ${(r.wallMs / 1000).toFixed(1)} s of wall time`,
    `  frames received ${r.framesReceived} (telemetry ${r.telemetryFrames}), lost ${r.lostFrames}, undecodable ${r.undecodedLines}`,
    `  commands ${r.commands}, unanswered ${r.unanswered}; cartridges used ${r.cartridgesUsed}; faults ${r.faults.length ? r.faults.join(',') : 'none'}`,
    `  heap start ${r.heapStartMB} MB, end ${r.heapEndMB} MB`,
    '',
  ].join('\n'));
  const problems = soakProblems(r);
  if (problems.length) io.err(`soak FAILED: ${problems.join('; ')}\n`);
  return problems.length ? 1 : 0;
}

async function suite(target: HilTarget, a: HilArgs, io: CliIo): Promise<number> {
  const cases = allCases();
  io.out(`hil: target ${target.name}, features ${[...target.features].join(', ') || 'none'}\n`);
  const result: SuiteResult = await runSuite(target, cases, {
    ...(a.filter ? { filter: a.filter } : {}),
    onResult: (r, i, n) => {
      const extra = r.status === 'pass' ? '' : ` — ${r.message ?? ''}`;
      io.out(`[${String(i + 1).padStart(2)}/${n}] ${MARK[r.status]} ${r.id} (${r.durationMs.toFixed(0)} ms) ${r.title}${extra}\n`);
    },
  });
  const s = summarize(result);
  if (s.total === 0) {
    io.err(`hil: no case matches --filter "${a.filter ?? ''}"\n`);
    return 2;
  }
  if (a.junit) writeFile(a.junit, junitXml(result));
  if (a.report) writeFile(a.report, htmlReport(result));
  io.out(`hil: ${s.pass} passed, ${s.fail} failed, ${s.skip} skipped of ${s.total} in ${(result.durationMs / 1000).toFixed(1)} s\n`);
  for (const r of result.results.filter((x) => x.status === 'fail')) io.out(`  FAILED ${r.id}: ${r.message ?? ''}\n`);
  return s.fail > 0 ? 1 : 0;
}

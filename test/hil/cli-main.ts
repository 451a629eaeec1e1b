/**
 * `npm run hil` / `penbench hil`: select the cases, build the target, run the
 * suite (TypeScript cases plus YAML scenarios) or a soak, print live
 * progress, write JUnit and HTML reports, and return the exit code (0 all
 * passed, 1 a case failed, 2 bad arguments or scenario files, 3 target
 * unreachable). Every refusal is one line saying what to do.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { classifyLinkError, LINK_ADVICE } from '../../console/shared/explain.js';
import { TS_CASES } from './cases/index.js';
import { listCases } from './cli-list.js';
import { HIL_USAGE, parseHilArgs, readEngKey, type HilArgs } from './cli-args.js';
import { ConsoleOperator, type Operator } from './harness/operator.js';
import { runSuite, summarize, type HilCase, type SuiteResult } from './harness/runner.js';
import { allTags, randomSeed, selectCases, type Selection } from './harness/select.js';
import { InProcessSimTarget, PtySimTarget, SerialTarget } from './harness/targets.js';
import type { HilTarget } from './harness/types.js';
import { htmlReport } from './report/html-report.js';
import { failedCaseIds } from './report/junit-read.js';
import { junitXml } from './report/junit.js';
import { readScenarios, SCENARIO_DIR, ScenarioError } from './scenario/load.js';
import { scenarioCase } from './scenario/run.js';
import { runSoak, soakProblems } from './soak.js';

/** Where the CLI writes. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Every case of the suite: TypeScript cases, the shipped scenarios, then those of `dirs` (throws ScenarioError). */
export function allCases(dirs: readonly string[] = []): HilCase[] {
  const cases = [...TS_CASES, ...[SCENARIO_DIR, ...dirs].flatMap((d) => readScenarios(d)).map(scenarioCase)];
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new ScenarioError([{ file: c.source ? 'a scenario file' : 'the TypeScript cases', line: 1, col: 1, message: `case id ${c.id} is used twice` }]);
    seen.add(c.id);
  }
  return cases;
}

/** Build the target an argument names. */
export async function makeTarget(a: Pick<HilArgs, 'target' | 'baud' | 'limits' | 'simClock'>, engKeyHex: string | null, operator: Operator | null): Promise<HilTarget> {
  if (a.target === 'sim') {
    const t = new InProcessSimTarget({ limits: a.limits });
    // Its features are asked of the pen on the first open.
    await t.openCase();
    return t;
  }
  if (a.target === 'pty') return PtySimTarget.start({ baud: a.baud, limits: a.limits, operator, clock: a.simClock });
  return SerialTarget.open({ path: a.target, baud: a.baud, engKeyHex, operator });
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** Run the CLI with `argv` (after `--`); resolves to the exit code. */
export async function hilMain(argv: readonly string[], io: CliIo = defaultIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseHilArgs(argv);
  if (!parsed.ok) {
    io.err(`hil: ${parsed.error} (see --help)\n`);
    return 2;
  }
  const a = parsed.args;
  if (a.help) {
    io.out(HIL_USAGE);
    return 0;
  }
  const notDir = a.scenarios.find((d) => !statSync(d, { throwIfNoEntry: false })?.isDirectory());
  if (notDir !== undefined) {
    io.err(`hil: --scenarios: "${notDir}" is not a folder of scenario files (*.yaml)\n`);
    return 2;
  }
  let cases: HilCase[];
  try {
    cases = allCases(a.scenarios);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    io.err(`hil: scenario files do not load:\n${e.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
    return 2;
  }
  const sel = selection(a, cases, io);
  if (sel === null) return 2;
  if (sel.ids?.length === 0) {
    io.out(`hil: no case failed in ${a.rerunFailed}; nothing to rerun\n`);
    return 0;
  }
  const chosen = selectCases(cases, sel);
  if (chosen.length === 0) {
    io.err('hil: no case matches the selection (--filter, --tags, --exclude-tags, --rerun-failed); see --list\n');
    return 2;
  }
  if (a.list) {
    io.out(listCases(chosen));
    return 0;
  }
  const key = readEngKey(a, env);
  if (!key.ok) {
    io.err(`hil: ${key.error}\n`);
    return 2;
  }
  let target: HilTarget;
  try {
    target = await makeTarget(a, key.key, a.operator ? new ConsoleOperator(io.out, a.operatorTimeoutMs) : null);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`hil: cannot reach ${a.target}: ${msg.split('\n')[0]} — ${LINK_ADVICE[classifyLinkError(msg)] ?? LINK_ADVICE['FAILED']}\n`);
    return 3;
  }
  try {
    if (a.soakMs !== undefined) return await soak(target, a.soakMs, io);
    return await suite(target, cases, sel, a, io);
  } finally {
    await target.dispose();
  }
}

/** The selection the arguments ask for, or null after printing why it is bad. */
function selection(a: HilArgs, cases: readonly HilCase[], io: CliIo): Selection | null {
  const known = allTags(cases);
  const lower = new Set(known.map((t) => t.toLowerCase()));
  for (const [opt, tags] of [['--tags', a.tags], ['--exclude-tags', a.excludeTags]] as const) {
    const bad = tags.filter((t) => !lower.has(t.toLowerCase()));
    if (bad.length) {
      io.err(`hil: ${opt}: unknown tag ${bad.map((t) => `"${t}"`).join(', ')}; tags: ${known.join(', ')}\n`);
      return null;
    }
  }
  const sel: Selection = { tags: a.tags, excludeTags: a.excludeTags };
  if (a.filter) sel.filter = a.filter;
  if (a.rerunFailed) {
    try {
      sel.ids = failedCaseIds(readFileSync(a.rerunFailed, 'utf8'));
    } catch (e) {
      io.err(`hil: --rerun-failed: cannot read ${a.rerunFailed} as a JUnit report: ${e instanceof Error ? e.message : String(e)}\n`);
      return null;
    }
  }
  return sel;
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

async function suite(target: HilTarget, cases: readonly HilCase[], sel: Selection, a: HilArgs, io: CliIo): Promise<number> {
  const seed = a.shuffle ? (a.seed ?? randomSeed()) : undefined;
  io.out(`hil: target ${target.name}, features ${[...target.features].join(', ') || 'none'}${seed === undefined ? '' : `, order shuffled with --seed ${seed}`}\n`);
  for (const n of target.notes ?? []) io.out(`hil: note: ${n}\n`);
  const result: SuiteResult = await runSuite(target, cases, {
    ...sel, ...(seed === undefined ? {} : { seed }),
    onResult: (r, i, n) => {
      const extra = r.status === 'pass' ? '' : ` — ${r.message ?? ''}`;
      io.out(`[${String(i + 1).padStart(2)}/${n}] ${MARK[r.status]} ${r.id} (${r.durationMs.toFixed(0)} ms) ${r.title}${extra}\n`);
    },
  });
  const s = summarize(result);
  if (a.junit) writeFile(a.junit, junitXml(result));
  if (a.report) writeFile(a.report, htmlReport(result));
  const pen = result.pen ? `pen ${result.pen.serial} ${result.pen.fw} (schema ${result.pen.schema}, profile ${result.pen.profile} ${result.pen.phash}), ` : '';
  io.out(`hil: ${s.pass} passed, ${s.fail} failed, ${s.skip} skipped of ${s.total} in ${(result.durationMs / 1000).toFixed(1)} s — ${pen}suite ${result.suite.version}${seed === undefined ? '' : `, --seed ${seed}`}\n`);
  for (const r of result.results.filter((x) => x.status === 'fail')) io.out(`  FAILED ${r.id}: ${r.message ?? ''}\n`);
  if (a.json) {
    io.out(`${JSON.stringify({
      target: result.target, pen: result.pen, suite: result.suite.version, seed: result.seed, passed: s.pass, failed: s.fail, skipped: s.skip, total: s.total,
      failures: result.results.filter((x) => x.status === 'fail').map((x) => x.id),
    })}\n`);
  }
  return s.fail > 0 ? 1 : 0;
}

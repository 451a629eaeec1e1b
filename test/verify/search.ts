/**
 * The adversarial search: seeded episodes of generated host actions against
 * fresh simulated pens, the oracle checking every 1 ms step; the first run
 * that breaks each invariant is shrunk to a minimal transcript. Also counts
 * coverage: actions by class, pen states by time, NAK codes and fault codes
 * seen, and how often each invariant's precondition arose.
 */
import { PROTO_VERSION, SCHEMA_HASH } from '../../protocol/src/index.js';
import { engMac, DEFAULT_ENG_KEY_HEX } from '../../protocol/node/eng-auth.js';
import { createSimPen } from '../../firmware-sim/src/pen/sim-pen.js';
import { actionLabel, type Action } from './actions.js';
import { episodeSpec, Generator, Rand } from './generate.js';
import { INVARIANTS, type InvariantId, type Violation } from './oracle/invariants.js';
import { Runner, type EpisodeSpec, type PenFactory } from './runner.js';
import { shrink } from './shrink.js';
import type { Step } from './replay.js';
import { printTranscript, transcriptSteps } from './transcript.js';
import { commandLine } from './wire.js';

/** What to search, and for how long. */
export interface SearchOptions {
  seed: number;
  /** Stop after this many actions… */
  maxActions: number;
  /** …or this much wall time, ms, whichever comes first. */
  maxWallMs: number;
  /** Action classes (coverage labels) not to generate, to look past a finding for others. */
  without?: ReadonlySet<string>;
  /** Wall time for shrinking each finding, ms (0: do not shrink). */
  shrinkMs?: number;
  penFactory?: PenFactory;
  /** Shrink only these invariants' findings (the others are reported as first seen). */
  shrinkOnly?: ReadonlySet<InvariantId>;
  /** End the search as soon as this invariant is broken. */
  stopWhenFound?: InvariantId;
  /** Called about once a second with the actions so far. */
  progress?: (actions: number, findings: number) => void;
}

/** One invariant broken: how often, and the smallest transcript found. */
export interface Finding {
  violation: Violation;
  occurrences: number;
  spec: EpisodeSpec;
  actions: Action[];
  /** Actions in the run it was first seen in, and shrink runs spent. */
  originalActions: number;
  shrinkRuns: number;
  transcript: string;
  /** The transcript as replayable steps (replay.ts). */
  steps: Step[];
  /** The shrunk run broke the invariant again. */
  reproduced: boolean;
}

/** The outcome of a search. */
export interface SearchReport {
  seed: number;
  actions: number;
  lines: number;
  episodes: number;
  penMs: number;
  wallMs: number;
  findings: Finding[];
  actionCounts: Record<string, number>;
  stateMs: Record<string, number>;
  nakCodes: Record<string, number>;
  faultCodes: Record<string, number>;
  exercised: Record<string, number>;
}

function add(into: Record<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) into[k] = (into[k] ?? 0) + v;
}

/** Run the search (see the file comment). */
export function search(opts: SearchOptions): SearchReport {
  const started = Date.now();
  const r = new Rand(opts.seed);
  const report: SearchReport = {
    seed: opts.seed, actions: 0, lines: 0, episodes: 0, penMs: 0, wallMs: 0, findings: [],
    actionCounts: {}, stateMs: {}, nakCodes: {}, faultCodes: {}, exercised: {},
  };
  const first = new Map<InvariantId, { v: Violation; spec: EpisodeSpec; actions: Action[]; index: number; count: number }>();
  for (const v of twinNonceCheck(opts.penFactory)) first.set(v.id, { v, spec: TWIN_SPEC, actions: [], index: 0, count: 1 });
  report.exercised['SR-17.nonce'] = 1;
  let lastProgress = started;
  const found = (): boolean => opts.stopWhenFound !== undefined && first.has(opts.stopWhenFound);
  while (report.actions < opts.maxActions && Date.now() - started < opts.maxWallMs && !found()) {
    const spec = episodeSpec(r);
    const gen = new Generator(new Rand(r.int(1, 2 ** 31 - 2)), spec, opts.without);
    const runner = new Runner(spec, { penFactory: opts.penFactory });
    const actions: Action[] = [];
    const length = r.int(150, 400);
    try {
      for (let i = 0; i < length && report.actions < opts.maxActions; i++) {
        const x = gen.next(runner.oracle, runner.view);
        actions.push(x);
        runner.exec(x);
        report.actions++;
        report.actionCounts[actionLabel(x)] = (report.actionCounts[actionLabel(x)] ?? 0) + 1;
      }
    } finally {
      runner.close();
    }
    const out = runner.outcome;
    report.episodes++;
    report.lines += runner.linesSent;
    report.penMs += out.penMs;
    add(report.stateMs, out.stateMs);
    add(report.nakCodes, out.nakCodes);
    add(report.faultCodes, out.faultCodes);
    add(report.exercised, out.oracle.exercised);
    for (const v of out.violations) {
      const f = first.get(v.id);
      if (f) f.count++;
      else first.set(v.id, { v, spec, actions: out.trace, index: out.atStep.get(v.id) ?? out.trace.length - 1, count: 1 });
    }
    if (opts.progress && Date.now() - lastProgress > 1000) {
      lastProgress = Date.now();
      opts.progress(report.actions, first.size);
    }
  }
  for (const [id, f] of first) report.findings.push(finding(id, f, opts));
  report.findings.sort((a, b) => a.violation.id.localeCompare(b.violation.id));
  report.wallMs = Date.now() - started;
  return report;
}

function finding(id: InvariantId, f: { v: Violation; spec: EpisodeSpec; actions: Action[]; index: number; count: number }, opts: SearchOptions): Finding {
  if (id === 'SR-17.nonce') {
    return { violation: f.v, occurrences: 1, spec: f.spec, actions: [], originalActions: 0, shrinkRuns: 0, transcript: twinTranscript(f.v), reproduced: true, steps: [] };
  }
  const failsAt = (xs: readonly Action[]): Action[] | null => {
    const out = new Runner(f.spec, { stopOn: id, penFactory: opts.penFactory }).run(xs);
    const at = out.atStep.get(id);
    return at === undefined ? null : out.trace.slice(0, at + 1).map((x) => ({ ...x }));
  };
  const shrinkMs = opts.shrinkOnly && !opts.shrinkOnly.has(id) ? 0 : (opts.shrinkMs ?? 20_000);
  const start = failsAt(f.actions.slice(0, f.index + 1)) ?? f.actions.slice(0, f.index + 1);
  const small = shrinkMs > 0 ? shrink(start, failsAt, { maxRuns: 2000, deadline: Date.now() + shrinkMs }) : { actions: start, runs: 0 };
  const last = new Runner(f.spec, { stopOn: id, penFactory: opts.penFactory }).run(small.actions);
  const again = last.violations.find((x) => x.id === id);
  const v = again ?? f.v;
  // The run is deterministic but for the challenge nonces; a transcript that does not fail again is said so.
  const note = again ? '' : '\n// (this shrunk run did not break the invariant again: the pen is not deterministic here)';
  return {
    violation: v, occurrences: f.count, spec: f.spec, actions: small.actions, originalActions: f.index + 1, shrinkRuns: small.runs,
    transcript: printTranscript(f.spec, last.transcript, last.violations, v) + note, reproduced: again !== undefined,
    steps: transcriptSteps(last.transcript, v),
  };
}

const TWIN_SPEC: EpisodeSpec = { seed: 1, epochMs: Date.UTC(2026, 10, 21), cartridge: null, batteryPct: 100, nvm: 'memory' };

/** SR-17: two pens built alike must not issue the same challenge (a recorded ENG_AUTH would replay on the other). */
function twinNonceCheck(factory: PenFactory = createSimPen): Violation[] {
  const nonces = [0, 1].map(() => {
    const pen = factory({ seed: TWIN_SPEC.seed, epochMs: TWIN_SPEC.epochMs });
    let nonce = '';
    pen.onOutput((text) => {
      const m = / nonce=([0-9A-F]{16})/.exec(text);
      if (m) nonce = m[1]!;
    });
    pen.advance(250);
    pen.receiveLine(commandLine(0, 'HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH }));
    pen.receiveLine(commandLine(1, 'ENG_OPEN', {}));
    return nonce;
  });
  const [a, b] = nonces;
  if (!a || a !== b) return [];
  const mac = engMac(DEFAULT_ENG_KEY_HEX, a, 'PB-SIM-0001');
  return [{ id: 'SR-17.nonce', t: 250, detail: `two pens built alike both challenged with nonce ${a}: the ENG_AUTH mac=${mac} recorded on one opens the other` }];
}

function twinTranscript(v: Violation): string {
  return [
    `// SR-17.nonce (SR-17): ${INVARIANTS['SR-17.nonce'].text}`,
    `// ${v.detail}`,
    `const a = createSimPen({ seed: 1, epochMs: Date.UTC(2026, 10, 21) });`,
    `const b = createSimPen({ seed: 1, epochMs: Date.UTC(2026, 10, 21) });`,
    `// both: advance(250), then ${commandLine(0, 'HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH }).trim()} and ${commandLine(1, 'ENG_OPEN', {}).trim()} → the same CHAL nonce`,
  ].join('\n');
}

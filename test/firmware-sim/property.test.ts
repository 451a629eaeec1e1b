/**
 * Property-based random walks (fast-check) through the wire, with the safety
 * invariants of an independent model (support/safety-oracle.ts) checked after
 * every 1 ms step and after every command. The walks include what an
 * adversarial host does: power cycles at random times, replayed (seq, body)
 * pairs, malformed and pen-originated frames sent as would-be heartbeats,
 * setpoint and rate jitter, silence, and the calendar crossing a cartridge's
 * expiry. ≥ 10,000 steps per `npm test`; PENBENCH_LONG=1 runs ten times more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine, encode, frame, PROTO_VERSION, SCHEMA_HASH, type Message } from '../../protocol/src/index.js';
import { SAMPLE_CARTRIDGES } from '../../firmware-sim/src/cartridge/samples.js';
import { Harness } from './support/harness.js';
import { SafetyOracle, type OracleStats } from './support/safety-oracle.js';

const LONG = process.env['PENBENCH_LONG'] === '1';
const RUNS = LONG ? 1000 : 100;
const STEPS = 110;

type Cmd = { k: 'cmd'; kind: string; fields: Record<string, unknown> };
type Step =
  | Cmd
  | { k: 'time'; ms: number; ping: boolean }
  | { k: 'power'; bootMs: number }
  | { k: 'replay'; pick: number }
  | { k: 'reinsert'; waitMs: number }
  | { k: 'junk'; what: 'badcrc' | 'frob' | 'badfield' | 'echo' | 'stopx'; every: number; n: number }
  | { k: 'jitter'; kind: 'SET_DEPTH' | 'SET_RATE'; a: number; b: number; every: number; n: number };

const cmd = (kind: string, fields: Record<string, unknown> = {}): Step => ({ k: 'cmd', kind, fields });
const areas = ['FOREHEAD', 'NOSE', 'CHEEK', 'ACNE_SCAR', 'SCALP', 'BODY', 'MOON'];
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 60 }).map((i) => cmd('SET_DEPTH', { um: i * 50 })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map((um) => cmd('SET_DEPTH', { um })) },
  { weight: 2, arbitrary: fc.integer({ min: 30, max: 170 }).map((hz) => cmd('SET_RATE', { hz })) },
  { weight: 4, arbitrary: fc.constantFrom(...areas).map((area) => cmd('SET_AREA', { area })) },
  { weight: 8, arbitrary: fc.constant(cmd('START')) },
  { weight: 3, arbitrary: fc.constant(cmd('STOP')) },
  { weight: 3, arbitrary: fc.constant(cmd('CLEAR_FAULT')) },
  { weight: 1, arbitrary: fc.constant(cmd('RESET_SETTINGS')) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('DEPTH_DRIFT', 'SERVO_STUCK', 'STALL', 'OVERLOAD', 'FLUID', 'BATTERY', 'CLEAR', 'CLEAR', 'CLEAR')
      .map((f) => cmd('SIM_FAULT', f === 'BATTERY' ? { f, v: 20 } : { f })),
  },
  // NVM faults, rarer: a wiped registry stops the pen for the rest of the walk (NVM_INTEGRITY never clears by itself).
  { weight: 1, arbitrary: fc.constantFrom('NVM_FAIL', 'CLEAR', 'CLEAR', 'CLEAR', 'CLEAR', 'CLEAR', 'CLEAR', 'CLEAR', 'NVM_WIPE').map((f) => cmd('SIM_FAULT', { f })) },
  { weight: 1, arbitrary: fc.integer({ min: -100_000, max: 100_000 }).map((v) => cmd('SIM_FAULT', { f: 'CLOCK', v })) },
  { weight: 2, arbitrary: fc.constantFrom(...SAMPLE_CARTRIDGES.map((s) => s.id)).map((id) => cmd('SIM_CART', { op: 'INSERT', id })) },
  { weight: 2, arbitrary: fc.constantFrom('REMOVE', 'SEAT', 'UNSEAT').map((op) => cmd('SIM_CART', { op })) },
  { weight: 1, arbitrary: fc.constantFrom('AUTO', 'ON', 'OFF').map((mode) => cmd('SIM_SKIN', { mode })) },
  { weight: 1, arbitrary: fc.constantFrom('CHARGER_ON', 'CHARGER_OFF').map((op) => cmd('SIM_POWER', { op })) },
  { weight: 1, arbitrary: fc.constantFrom('TRAINING', 'DEFAULT', 'NOPE').map((name) => cmd('ENG_PROFILE', { name })) },
  { weight: 8, arbitrary: fc.record({ ms: fc.integer({ min: 1, max: 400 }), ping: fc.boolean() }).map((t): Step => ({ k: 'time', ...t })) },
  { weight: 1, arbitrary: fc.integer({ min: 500, max: 1500 }).map((ms): Step => ({ k: 'time', ms, ping: false })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 450 }).map((bootMs): Step => ({ k: 'power', bootMs })) },
  { weight: 3, arbitrary: fc.nat().map((pick): Step => ({ k: 'replay', pick })) },
  // The same cartridge out and back in (SR-08, SR-09, SR-12: once out, a used, verified or contaminated one never runs again).
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 300 }).map((waitMs): Step => ({ k: 'reinsert', waitMs })) },
  {
    weight: 2,
    arbitrary: fc.record({
      what: fc.constantFrom('badcrc', 'frob', 'badfield', 'echo', 'stopx'), every: fc.integer({ min: 50, max: 450 }), n: fc.integer({ min: 1, max: 6 }),
    }).map((j): Step => ({ k: 'junk', ...j })),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({ a: fc.integer({ min: 5, max: 50 }), b: fc.integer({ min: 5, max: 50 }) }).map(({ a, b }) => ({ kind: 'SET_DEPTH' as const, a: a * 50, b: b * 50 })),
      fc.record({ a: fc.integer({ min: 50, max: 150 }), b: fc.integer({ min: 50, max: 150 }) }).map(({ a, b }) => ({ kind: 'SET_RATE' as const, a, b })),
    ).chain((j) => fc.record({ every: fc.integer({ min: 10, max: 300 }), n: fc.integer({ min: 2, max: 12 }) }).map((r): Step => ({ k: 'jitter', ...j, ...r }))),
  },
);

const stats: OracleStats = { checks: 0, running: 0, faulted: 0, powerCycles: 0, lockedStarts: 0 };
let totalSteps = 0;
let replays = 0;

/** One walk: a pen driven only through encoded lines, checked by the oracle at every step. */
class Walk {
  readonly h: Harness;
  readonly oracle: SafetyOracle;
  private seq = 1000;
  /** (seq, line, answer) of commands answered since the last HELLO or power-up, for replays. */
  private sent: Array<{ kind: string; line: string; answer: string }> = [];

  constructor(seed: number, nearExpiry: boolean) {
    // Near expiry: the calendar crosses midnight into the day after every sample's expiry during the walk.
    this.h = new Harness({ seed, cartridge: 'N12-OK-01', ...(nearExpiry ? { epochMs: Date.UTC(2030, 11, 31, 23, 59, 30) } : {}) });
    this.oracle = new SafetyOracle(this.h, stats);
    this.wait(400, 0, 'boot');
    this.connect();
    this.send('TLM_RATE', { hz: 50 });
    this.send('SET_AREA', { area: 'BODY' });
  }

  /** HELLO and an engineering session, as a host does after every power-up. */
  connect(): void {
    this.send('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
    const chal = this.send('ENG_OPEN');
    if (chal?.kind === 'CHAL') this.h.eng();
    this.oracle.hostCommand();
  }

  /** Send a well-formed command; returns its decoded answer. */
  send(kind: string, fields: Record<string, unknown> = {}): { kind: string; fields: Record<string, unknown> } | undefined {
    const seq = this.seq++ & 0xffff;
    const line = encode({ seq, kind, fields } as unknown as Message);
    const from = this.h.raw.length;
    const answer = this.h.line(line, seq);
    this.oracle.hostCommand();
    if (kind === 'HELLO') this.sent = [];
    const raw = this.h.raw.slice(from).find((l) => {
      const r = decodeLine(l);
      return r.ok && (r.msg.fields as { re?: number }).re === seq;
    });
    // HELLO is never deduped (§9): it is not a replay candidate.
    if (raw && kind !== 'HELLO') this.sent.push({ kind, line, answer: raw });
    if (this.sent.length > 64) this.sent.shift();
    return answer;
  }

  /** Advance `ms` in 1 ms steps, checking the invariants at each; a heartbeat (or `beat`) every `every` ms. */
  wait(ms: number, every: number, label: string, beat: () => void = () => void this.send('PING')): void {
    for (let i = 1; i <= ms; i++) {
      this.h.pen.advance(1);
      this.oracle.check(`${label} +${i} ms`);
      if (every > 0 && i % every === 0) {
        beat();
        this.oracle.check(`${label} beat`, false);
      }
    }
  }

  run(st: Step, label: string): void {
    switch (st.k) {
      case 'time':
        return this.wait(st.ms, st.ping ? 100 : 0, label);
      case 'power':
        this.send('SIM_POWER', { op: 'CYCLE' });
        this.wait(st.bootMs, 0, label);
        this.sent = [];
        this.connect();
        // A host sets its area again after a reconnect (settings are volatile; before the boot ends it is refused).
        this.send('SET_AREA', { area: 'CHEEK' });
        return;
      case 'replay':
        return this.replay(st.pick, label);
      case 'reinsert': {
        const id = this.h.pen.snapshot().context.cart?.record.id ?? 'N16-OK-02';
        this.send('SIM_CART', { op: 'REMOVE' });
        this.oracle.check(`${label} out`, false);
        this.send('SIM_CART', { op: 'INSERT', id });
        return this.wait(st.waitMs, 100, label);
      }
      case 'junk': {
        const junk = this.junkLine(st.what);
        return this.wait(st.every * st.n, st.every, label, () => this.h.line(junk()));
      }
      case 'jitter':
        for (let i = 0; i < st.n; i++) {
          this.send(st.kind, st.kind === 'SET_DEPTH' ? { um: i % 2 ? st.b : st.a } : { hz: i % 2 ? st.b : st.a });
          this.oracle.check(`${label} #${i}`, false);
          this.wait(st.every, 100, label);
        }
        return;
      case 'cmd':
        return this.command(st, label);
    }
  }

  /** A command: SR-15 (a NAK changes nothing) and SR-16 (STOP retracts within one stroke period). */
  private command(st: Cmd, label: string): void {
    const before = this.h.pen.machineSnapshot();
    const beforeJson = JSON.stringify([before.value, before.context]);
    const r = this.send(st.kind, st.fields);
    if (st.kind === 'CLEAR_FAULT' && r?.kind === 'ACK') this.oracle.cleared();
    this.oracle.check(label, false);
    if (r?.kind === 'NAK') {
      expect(this.h.pen.machineSnapshot(), label).toBe(before);
      expect(JSON.stringify([before.value, before.context]), label).toBe(beforeJson);
    }
    if (st.kind === 'STOP') {
      expect(r?.kind, label).toBe('ACK');
      this.wait(Math.floor(1000 / this.h.pen.snapshot().context.rateHz), 0, label);
      expect(this.h.pen.snapshot().trueDepthUm, label).toBe(0);
    }
  }

  /** The same (seq, body) again: answered byte for byte from memory (nothing re-executed), except STOP (SR-16). */
  private replay(pick: number, label: string): void {
    if (this.sent.length === 0) return;
    const e = this.sent[pick % this.sent.length]!;
    replays++;
    const before = this.h.pen.machineSnapshot();
    const from = this.h.raw.length;
    this.h.line(e.line);
    this.oracle.hostCommand();
    this.oracle.check(`${label} replay ${e.kind}`, false);
    if (e.kind === 'STOP') {
      expect(this.h.raw.slice(from), label).not.toContain(e.answer);
      this.wait(Math.floor(1000 / this.h.pen.snapshot().context.rateHz), 0, label);
      expect(this.h.pen.snapshot().trueDepthUm, label).toBe(0);
    } else {
      expect(this.h.raw.slice(from), `${label}: replayed answer`).toEqual([e.answer]);
      expect(this.h.pen.machineSnapshot(), `${label}: replay changed nothing`).toBe(before);
    }
  }

  /** Frames that must not renew the lease (SR-11), or a malformed STOP (which stops, SR-16). */
  private junkLine(what: 'badcrc' | 'frob' | 'badfield' | 'echo' | 'stopx'): () => string {
    const seq = () => this.seq++ & 0xffff;
    switch (what) {
      case 'badcrc':
        return () => encode({ seq: seq(), kind: 'PING', fields: {} }).replace(/\*..../, '*0000');
      case 'frob':
        return () => frame(`${seq()} FROB`);
      case 'badfield':
        return () => frame(`${seq()} SET_DEPTH um=fast`);
      case 'stopx':
        return () => frame(`${seq()} STOP why=user`);
      case 'echo':
        // The pen's own latest frame, looped back.
        return () => this.h.raw.findLast((l) => l.startsWith('$')) ?? frame(`${seq()} FROB`);
    }
  }
}

describe('random walks through the wire (fast-check)', () => {
  it(`SR-02 SR-04 SR-05 SR-06 SR-07 SR-08 SR-09 SR-11 SR-12 SR-13 SR-14 SR-15 SR-16 invariants hold after every 1 ms step of ${RUNS} walks of ${STEPS} steps`, () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 3 }), fc.array(step, { minLength: STEPS, maxLength: STEPS }), (seed, clock, steps) => {
        const w = new Walk(seed, clock === 0);
        for (const [i, st] of steps.entries()) {
          totalSteps++;
          w.run(st, `step ${i} ${JSON.stringify(st)}`);
        }
      }),
      { numRuns: RUNS, seed: 20261121 },
    );
    console.log(`property walks: ${totalSteps} steps, ${stats.checks} invariant checks, ${stats.running} ms with the motor on, `
      + `${stats.faulted} in FAULT, ${stats.powerCycles} power cycles, ${replays} replays`);
    expect(stats.running).toBeGreaterThan(stats.checks / 25);
    expect(stats.powerCycles).toBeGreaterThan(RUNS);
    expect(totalSteps).toBeGreaterThanOrEqual(10_000);
  }, 240_000);
});

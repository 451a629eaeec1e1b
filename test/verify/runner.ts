/**
 * Runs a list of actions against a fresh simulated pen, as a host on the wire:
 * every input is an encoded line (or a physical act: a power cut, tampering
 * with the registry's file), time passes in 1 ms steps and the oracle checks
 * its invariants after every step and every line. Records a transcript of
 * what was sent when, for printing and replaying a failure.
 */
import type { Message } from '../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../protocol/node/eng-auth.js';
import { createSimPen, type SimPenOptions } from '../../firmware-sim/src/pen/sim-pen.js';
import { FileNvm } from '../../firmware-sim/src/node/file-nvm.js';
import type { Action, BadForm, Fields } from './actions.js';
import { answered, lineSent } from './oracle/commands.js';
import { Oracle } from './oracle/oracle.js';
import { PenOutput, type Heard } from './pen-output.js';
import { observable, physical, RECORDED_PEN_ERRORS, type PenUnderTest } from './pen-under-test.js';
import { RegistryFile, type Tamper } from './registry-file.js';
import type { EpisodeSpec, Entry, RunOptions, RunResult } from './run-types.js';
import { badLine, commandLine } from './wire.js';

export type { PenFactory, PenUnderTest } from './pen-under-test.js';
export type { EpisodeSpec, Entry, RunOptions, RunResult } from './run-types.js';

const SERIAL = 'PB-SIM-0001';
const WRONG_MAC = '0123456789ABCDEF';

/** The simulator's options for an episode (without a file-backed registry). */
export function penOptions(spec: EpisodeSpec): SimPenOptions {
  const o: SimPenOptions = { seed: spec.seed, epochMs: spec.epochMs, batteryPct: spec.batteryPct };
  if (spec.cartridge !== null) o.cartridge = spec.cartridge;
  return o;
}

/** One run of actions against one pen (see the file comment). */
export class Runner {
  readonly oracle: Oracle;
  private readonly pen: PenUnderTest;
  private readonly registry: RegistryFile | null;
  private seq = 0;
  private nonce: string | null = null;
  private readonly sent: string[] = [];
  private readonly out = new PenOutput();
  private fresh: Heard[] = [];
  private boots: number;
  private crashed = false;
  private lines = 0;

  private readonly result: RunResult;

  constructor(readonly spec: EpisodeSpec, private readonly opts: RunOptions = {}) {
    this.oracle = new Oracle({ epochMs: spec.epochMs, cartridge: spec.cartridge });
    this.registry = spec.nvm === 'file' ? new RegistryFile() : null;
    const penOpts = penOptions(spec);
    if (this.registry) penOpts.nvm = new FileNvm(this.registry.path);
    this.pen = (opts.penFactory ?? createSimPen)(penOpts);
    this.pen.onOutput((text) => this.out.hear(text));
    this.boots = this.pen.boots;
    this.result = {
      violations: this.oracle.violations, atStep: new Map(), trace: [], actionsRun: 0, penMs: 0, transcript: [], oracle: this.oracle,
      stateMs: new Map(), nakCodes: new Map(), faultCodes: new Map(),
    };
  }

  /** Run the actions (until the `stopOn` invariant breaks or the pen crashes); the pen's files are removed afterwards. */
  run(actions: readonly Action[]): RunResult {
    try {
      for (const x of actions) {
        if (this.done()) break;
        this.exec(x);
      }
    } finally {
      this.close();
    }
    return this.result;
  }

  /** Run one action (the search generates as it goes). */
  exec(x: Action): void {
    if (this.crashed) return;
    this.result.actionsRun++;
    this.act(x);
  }

  /** Lines sent so far. */
  get linesSent(): number {
    return this.lines;
  }

  /** What the pen reports now (for steering the generator). */
  get view(): { motorOn: boolean; state: string; batteryPct: number } {
    const s = this.pen.snapshot();
    return { motorOn: s.motorOn, state: s.state, batteryPct: s.batteryPct };
  }

  private act(x: Action): void {
    switch (x.a) {
      case 'cmd':
        this.command(x.kind, x.fields);
        return;
      case 'eng': {
        const chal = this.command('ENG_OPEN', {});
        if (chal?.kind === 'CHAL') this.auth(true);
        return;
      }
      case 'auth':
        this.auth(x.right, x.seq);
        return;
      case 'bad':
        this.send(badLine(x.form, this.nextSeq(), x.kind, x.fields));
        return;
      case 'replay': {
        const pool = x.pings ? this.sent : this.sent.filter((l) => !/^\$\d+ PING\*/.test(l));
        const line = pool[pool.length - 1 - (x.back % Math.max(1, pool.length))];
        if (line !== undefined) this.send(line);
        return;
      }
      case 'reuse': {
        const old = this.sent[this.sent.length - 1 - (x.back % Math.max(1, this.sent.length))];
        const m = old === undefined ? null : /^[^$]*\$(\d{1,5}) /.exec(old);
        const seq = m ? Number(m[1]) : this.nextSeq();
        this.send(commandLine(seq > 65535 ? 0 : seq, x.kind, x.fields));
        return;
      }
      case 'raw':
        this.send(x.line);
        return;
      case 'seq':
        this.seq = x.to & 0xffff;
        return;
      case 'echo': {
        const heard = this.out.recent;
        const line = heard[heard.length - 1 - (x.back % Math.max(1, heard.length))];
        if (line !== undefined) this.send(line);
        return;
      }
      case 'wait':
        this.wait(x.ms, x.ping, x.junk);
        return;
      case 'jitter':
        for (let i = 0; i < x.n && !this.done(); i++) {
          this.command(x.key === 'depth' ? 'SET_DEPTH' : 'SET_RATE', x.key === 'depth' ? { um: i % 2 ? x.y : x.x } : { hz: i % 2 ? x.y : x.x });
          this.wait(x.every, x.ping);
        }
        return;
      case 'power':
        this.record({ t: this.now(), power: true });
        this.step({ a: 'power' });
        this.guard(() => this.pen.powerCycle());
        this.afterPen(0);
        return;
      case 'nvm':
        this.tamper(x.op);
        return;
    }
  }

  /** The result so far. */
  get outcome(): RunResult {
    return this.result;
  }

  /** Remove the run's files (file-backed registry). */
  close(): void {
    this.registry?.remove();
  }

  private done(): boolean {
    return this.crashed || (this.opts.stopOn !== undefined && this.result.atStep.has(this.opts.stopOn));
  }

  private now(): number {
    return this.pen.snapshot().t;
  }

  private nextSeq(): number {
    const s = this.seq;
    this.seq = (s + 1) & 0xffff;
    return s;
  }

  private command(kind: string, fields: Fields): Message | null {
    return this.send(commandLine(this.nextSeq(), kind, fields));
  }

  private auth(right: boolean, seq = this.nextSeq()): void {
    const mac = right && this.nonce ? engMac(DEFAULT_ENG_KEY_HEX, this.nonce, SERIAL) : WRONG_MAC;
    this.send(commandLine(seq, 'ENG_AUTH', { mac }), { right, seq });
  }

  private wait(ms: number, ping: number, junk?: BadForm | 'echo'): void {
    for (let i = 1; i <= ms && !this.done(); i++) {
      const last = this.result.trace[this.result.trace.length - 1];
      if (last?.a === 'wait') last.ms++;
      else this.step({ a: 'wait', ms: 1, ping: 0 });
      this.guard(() => this.pen.advance(1));
      this.afterPen(1);
      if (ping <= 0 || i % ping !== 0) continue;
      if (junk === undefined) this.command('PING', {});
      else if (junk === 'echo') this.send(this.out.recent[this.out.recent.length - 1] ?? '\n');
      else this.send(badLine(junk, this.nextSeq(), 'PING', {}));
    }
  }

  /** Send one line; returns the decoded answer (or null). Retransmits like a host while answers may be lost. */
  private send(line: string, auth?: { right: boolean; seq: number }): Message | null {
    const snap = this.pen.snapshot();
    const before = observable(snap);
    const s = lineSent(this.oracle, line, physical(snap));
    const entry: Entry = { t: snap.t, send: line };
    if (auth) entry.auth = auth.right ? 'right' : 'wrong';
    this.record(entry);
    this.step(auth ? { a: 'auth', right: auth.right, seq: auth.seq } : { a: 'raw', line });
    this.lines++;
    this.sent.push(line);
    if (this.sent.length > 64) this.sent.shift();
    let answer: { raw: string; msg: Message } | undefined;
    for (let attempt = 0; attempt < 4 && !answer && !this.crashed; attempt++) {
      if (attempt > 0 && (!this.oracle.txImpaired || s.cls.seq === null)) break;
      const from = this.fresh.length;
      this.guard(() => this.pen.receiveLine(line));
      this.fresh.push(...this.out.take());
      answer = this.fresh.slice(from).find((f) => f.msg.kind !== 'TLM' && f.msg.kind !== 'EVT' && (f.msg.fields as { re?: number }).re === s.cls.seq);
    }
    if (this.crashed) return null;
    // Wire order: the events before the answer happened before it; those after (the events the
    // command caused, PROTOCOL.md §7) must not be judged as if the pen knew them when it answered.
    const at = answer ? this.fresh.indexOf(answer) : -1;
    const later = at >= 0 ? this.fresh.splice(at + 1) : [];
    this.feedEvents();
    const after = this.pen.snapshot();
    if (answer) {
      entry.answer = answer.raw;
      if (answer.msg.kind === 'CHAL') this.nonce = String((answer.msg.fields as { nonce?: string }).nonce);
      if (answer.msg.kind === 'NAK') this.count(this.result.nakCodes, String((answer.msg.fields as { code?: string }).code));
    }
    answered(this.oracle, s, answer?.msg ?? null, answer?.raw ?? null, before, observable(after), physical(after));
    this.fresh.push(...later);
    this.afterPen(0);
    return answer?.msg ?? null;
  }

  /** After the pen ran (dt ms) or took a line: events, power-ups, then the oracle's checks. */
  private afterPen(dt: number): void {
    if (this.crashed) return;
    this.feedEvents();
    const snap = this.pen.snapshot();
    const p = physical(snap);
    if (this.pen.boots !== this.boots) {
      this.boots = this.pen.boots;
      this.oracle.powerCycled(p);
    }
    this.oracle.step(p, dt);
    this.result.penMs = p.t;
    this.count(this.result.stateMs, snap.state, dt);
    this.noteViolations();
  }

  private feedEvents(): void {
    this.fresh.push(...this.out.take());
    for (const f of this.fresh) {
      if (f.msg.kind !== 'EVT') continue;
      const fields = f.msg.fields as Record<string, unknown>;
      if (fields['ev'] === 'FAULT') this.count(this.result.faultCodes, String(fields['code']));
      this.oracle.evt(fields, Number(fields['t'] ?? this.now()));
    }
    this.fresh = [];
  }

  private tamper(op: Tamper): void {
    if (!this.registry) return;
    this.record({ t: this.now(), nvm: op });
    this.step({ a: 'nvm', op });
    this.registry.tamper(op);
    this.oracle.nvmBroken = op === 'break';
    if (op === 'break') this.oracle.faults.nvmUnwritable();
  }

  private guard(fn: () => void): void {
    try {
      fn();
      const m = this.pen.machineSnapshot?.();
      if (m?.status === 'error') throw m.error;
    } catch (e) {
      if (typeof e === 'object' && e !== null) RECORDED_PEN_ERRORS.add(e);
      this.crashed = true;
      let t = this.result.penMs;
      try {
        t = this.now();
      } catch {
        // The pen may be too broken to report its time; the last known one will do.
      }
      this.oracle.flag('SR-15.crash', t, `the pen threw: ${(e as Error).message ?? String(e)}`);
      this.noteViolations();
    }
  }

  private noteViolations(): void {
    if (this.result.atStep.size === this.oracle.violations.length) return;
    const at = this.result.trace.length - 1;
    for (const v of this.oracle.violations) if (!this.result.atStep.has(v.id)) this.result.atStep.set(v.id, at);
  }

  private step(x: Action): void {
    this.result.trace.push(x);
  }

  private record(e: Entry): void {
    this.result.transcript.push(e);
  }

  private count(m: Map<string, number>, k: string, n = 1): void {
    if (n > 0) m.set(k, (m.get(k) ?? 0) + n);
  }
}

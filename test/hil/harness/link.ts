/**
 * The harness's host side of the wire: numbered commands, answers matched by
 * `re=`, a log of every pen frame with its arrival time, waits with timeouts in
 * the target's time base, and an optional heartbeat (PING) that keeps the
 * pen's SR-11 lease alive while a case waits. It speaks only the protocol.
 */
import {
  ANSWER_KINDS, decodeLine, frame, tryEncode, type Fields, type HostKind, type Message, type NakCode,
} from '../../../protocol/src/index.js';
import { fieldsText, frameText, matches, type HilMsg, type RxFrame } from './frames.js';
import type { HilWire } from './types.js';

export { fieldsText, frameText, matches, seqLosses, type HilMsg, type LooseFields, type RxFrame } from './frames.js';

/** A line the harness wrote. */
export interface TxLine {
  at: number;
  line: string;
  heartbeat: boolean;
}

/** A case failed: the message says what was expected and what came. */
export class HilFailure extends Error {
  override readonly name = 'HilFailure';
}

/** A case cannot run on this target (the reason says why); reported SKIPPED, never passed. */
export class HilSkip extends Error {
  override readonly name = 'HilSkip';
}

/** Throw a HilFailure unless `cond` holds. */
export function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new HilFailure(message);
}


/** The harness's heartbeat period, ms. */
export const HEARTBEAT_MS = 100;

/** Options of waits. */
export interface WaitOptions {
  /** Give up after this long (target time base), ms. */
  timeoutMs?: number;
  /** Look only at frames received from this index of `rx` on (default: from now). */
  since?: number;
}

/** The harness link of one case. */
export class HilLink {
  readonly rx: RxFrame[] = [];
  readonly tx: TxLine[] = [];
  /**
   * PING period while waiting, ms; 0 = no heartbeat (the lease then expires while running). Half the
   * 200 ms PROTOCOL.md asks of a host, so a busy test machine that runs a timer late keeps the 500 ms lease.
   */
  heartbeatMs = HEARTBEAT_MS;
  private seq: number;
  private lastTxAt: number;
  private readonly unsubscribe: () => void;
  private readonly slice: number;
  private aborted = false;

  constructor(
    readonly wire: HilWire,
    /** Default answer timeout, ms. */
    readonly timeoutMs: number,
    opts: { firstSeq?: number; sliceMs?: number } = {},
  ) {
    this.seq = opts.firstSeq ?? wire.nextSeq;
    this.slice = opts.sliceMs ?? 5;
    this.lastTxAt = wire.now();
    this.unsubscribe = wire.onLine((line) => this.onLine(line));
  }

  /** Make every wait fail from now on (the runner gave up on the case). */
  abort(): void {
    this.aborted = true;
  }

  /** Stop listening to the wire. */
  detach(): void {
    this.unsubscribe();
  }

  private onLine(line: string): void {
    const at = this.wire.now();
    if (line.replace(/\r$/, '').length === 0) return;
    const r = decodeLine(line);
    this.rx.push(r.ok ? { at, line, msg: r.msg as unknown as HilMsg } : { at, line, msg: null, error: `${r.error}: ${r.detail}` });
  }

  /** The index the next received frame will have (a cursor for `since`). */
  mark(): number {
    return this.rx.length;
  }

  /** Time now in the wire's time base. */
  now(): number {
    return this.wire.now();
  }

  /** Time of the last line written (any valid frame renews the pen's lease). */
  get lastWriteAt(): number {
    return this.lastTxAt;
  }

  /** The next host seq (0..65535, wrapping). */
  takeSeq(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) % 65536;
    this.wire.nextSeq = this.seq;
    return s;
  }

  /** Write a raw line exactly as given (LF added). */
  writeRaw(line: string, heartbeat = false): void {
    const at = this.wire.now();
    this.lastTxAt = at;
    this.tx.push({ at, line: line.replace(/\n$/, ''), heartbeat });
    this.wire.write(line);
  }

  /** Frame a body with its CRC and write it; returns the line. */
  writeBody(body: string): string {
    const line = frame(body);
    this.writeRaw(line);
    return line;
  }

  /** Encode and send a command; returns its seq. Invalid fields are a harness bug, so they throw. */
  send<K extends HostKind>(kind: K, fields: Fields<K>, seq = this.takeSeq()): number {
    const r = tryEncode({ seq, kind, fields } as unknown as Message);
    if (!r.ok) throw new HilFailure(`harness cannot encode ${kind} ${fieldsText(fields as Record<string, unknown>)}: ${r.detail}`);
    this.writeRaw(r.line);
    return seq;
  }

  /** The answer to `seq` received from index `since` on, if any. */
  answerTo(seq: number, since = 0): RxFrame | undefined {
    for (let i = since; i < this.rx.length; i++) {
      const f = this.rx[i]!;
      if (f.msg && ANSWER_KINDS.has(f.msg.kind) && (f.msg.fields as { re?: number }).re === seq) return f;
    }
    return undefined;
  }

  /** Send a command and wait for its answer (any reply kind). Fails on timeout. */
  async request<K extends HostKind>(kind: K, fields: Fields<K>, opts: { timeoutMs?: number } = {}): Promise<RxFrame & { msg: HilMsg }> {
    const since = this.mark();
    const seq = this.send(kind, fields);
    return this.waitAnswer(seq, `${kind} ${fieldsText(fields as Record<string, unknown>)}`, since, opts.timeoutMs);
  }

  /** Wait for the answer to a seq already sent. */
  async waitAnswer(seq: number, what: string, since: number, timeoutMs = this.timeoutMs): Promise<RxFrame & { msg: HilMsg }> {
    const f = await this.until(() => this.answerTo(seq, since), timeoutMs);
    if (!f) throw new HilFailure(`no answer to ${what.trim()} (seq ${seq}) within ${timeoutMs} ms`);
    return f as RxFrame & { msg: HilMsg };
  }

  /** Send every command back to back, then collect the answers in order (the pen handles them in order: one round trip, not n). */
  async batch(cmds: readonly (readonly [HostKind, Record<string, string | number>])[]): Promise<(RxFrame & { msg: HilMsg })[]> {
    const since = this.mark();
    const seqs = cmds.map(([kind, fields]) => this.send(kind, fields as never));
    const out: (RxFrame & { msg: HilMsg })[] = [];
    for (let i = 0; i < cmds.length; i++) out.push(await this.waitAnswer(seqs[i]!, `${cmds[i]![0]} ${fieldsText(cmds[i]![1])}`, since));
    return out;
  }

  /** Send a command that must be accepted; returns the answer (ACK, INFO, CART, AREA or CHAL). */
  async ok<K extends HostKind>(kind: K, fields: Fields<K>, opts: { timeoutMs?: number } = {}): Promise<HilMsg> {
    const f = await this.request(kind, fields, opts);
    if (f.msg.kind === 'NAK') {
      throw new HilFailure(`expected ${kind} ${fieldsText(fields as Record<string, unknown>)} to be accepted, got ${frameText(f)}`);
    }
    return f.msg;
  }

  /** Send a command that must be refused with `code`; returns the NAK. */
  async nak<K extends HostKind>(kind: K, fields: Fields<K>, code: NakCode, opts: { timeoutMs?: number } = {}): Promise<Message<'NAK'>> {
    const f = await this.request(kind, fields, opts);
    const what = `${kind} ${fieldsText(fields as Record<string, unknown>)}`.trim();
    if (f.msg.kind !== 'NAK') throw new HilFailure(`expected ${what} to be refused with NAK ${code}, got ${frameText(f)}`);
    if (f.msg.fields.code !== code) throw new HilFailure(`expected ${what} to be refused with NAK ${code}, got ${frameText(f)}`);
    return f.msg as Message<'NAK'>;
  }

  /** Send a command that must be refused with one of `codes` (where the spec leaves the reason open); returns the NAK. */
  async nakAny<K extends HostKind>(kind: K, fields: Fields<K>, codes: readonly NakCode[]): Promise<Message<'NAK'>> {
    const f = await this.request(kind, fields);
    const what = `${kind} ${fieldsText(fields as Record<string, unknown>)}`.trim();
    if (f.msg.kind !== 'NAK' || !codes.includes(f.msg.fields.code as NakCode)) {
      throw new HilFailure(`expected ${what} to be refused with NAK ${codes.join(' or ')}, got ${frameText(f)}`);
    }
    return f.msg as Message<'NAK'>;
  }

  /** Wait for a frame matching `pred` (from `since`, default now); fails naming `what` on timeout. */
  async waitFor(what: string, pred: (m: HilMsg, f: RxFrame) => boolean, opts: WaitOptions = {}): Promise<RxFrame & { msg: HilMsg }> {
    const since = opts.since ?? this.mark();
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    let scanned = since;
    const found = await this.until(() => {
      for (; scanned < this.rx.length; scanned++) {
        const f = this.rx[scanned]!;
        if (f.msg && pred(f.msg, f)) return f;
      }
      return undefined;
    }, timeoutMs);
    if (!found) throw new HilFailure(`timed out after ${timeoutMs} ms waiting for ${what}; last frame: ${frameText(this.lastFrame())}`);
    return found as RxFrame & { msg: HilMsg };
  }

  /** Wait for an EVT with `ev` (and optional field values). */
  async event(ev: string, fields: Record<string, string | number> = {}, opts: WaitOptions = {}): Promise<RxFrame & { msg: HilMsg }> {
    const want = `EVT ev=${ev} ${fieldsText(fields)}`.trim();
    return this.waitFor(want, (m) => m.kind === 'EVT' && m.fields.ev === ev && matches(m.fields, fields), opts);
  }

  /** Wait until the pen reports `state` (EVT STATE st=…, or TLM s=…). */
  async state(st: string, opts: WaitOptions = {}): Promise<RxFrame & { msg: HilMsg }> {
    return this.waitFor(`state ${st}`, (m) =>
      (m.kind === 'EVT' && m.fields.ev === 'STATE' && m.fields.st === st) || (m.kind === 'TLM' && m.fields.s === st), opts);
  }

  /** Fail if a frame matching `pred` arrives within `ms`. */
  async none(what: string, pred: (m: HilMsg) => boolean, ms: number, since = this.mark()): Promise<void> {
    let scanned = since;
    const found = await this.until(() => {
      for (; scanned < this.rx.length; scanned++) {
        const f = this.rx[scanned]!;
        if (f.msg && pred(f.msg)) return f;
      }
      return undefined;
    }, ms);
    if (found) throw new HilFailure(`unexpected ${what}: ${frameText(found)}`);
  }

  /** Let time pass (with heartbeats when enabled). */
  async pump(ms: number): Promise<void> {
    await this.until(() => undefined, ms);
  }

  /** Received frames of a kind from index `since`. */
  frames(kind: string, since = 0): (RxFrame & { msg: HilMsg })[] {
    return this.rx.slice(since).filter((f): f is RxFrame & { msg: HilMsg } => f.msg !== null && f.msg.kind === kind);
  }

  /** The last decoded frame (for failure messages). */
  lastFrame(): RxFrame | undefined {
    for (let i = this.rx.length - 1; i >= 0; i--) if (this.rx[i]!.msg) return this.rx[i];
    return undefined;
  }

  /** Poll `probe` while time passes, sending heartbeats; returns its first defined value or undefined at the deadline. */
  private async until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const deadline = this.wire.now() + timeoutMs;
    let spins = 0;
    for (;;) {
      if (this.aborted) throw new HilFailure('case aborted');
      const v = probe();
      if (v !== undefined) return v;
      const now = this.wire.now();
      if (now >= deadline) return undefined;
      if (this.heartbeatMs > 0 && now - this.lastTxAt >= this.heartbeatMs) {
        const seq = this.takeSeq();
        const r = tryEncode({ seq, kind: 'PING', fields: {} } as unknown as Message);
        if (r.ok) this.writeRaw(r.line, true);
      }
      const step = Math.min(this.slice, deadline - now, this.heartbeatMs > 0 ? Math.max(1, this.heartbeatMs - (now - this.lastTxAt)) : this.slice);
      await this.wire.sleep(Math.max(0.5, step));
      if (++spins % 500 === 0) await new Promise<void>((r) => setImmediate(r));
    }
  }
}

/**
 * A LineTransport that plays a recording into a PenClient, so a replay goes
 * through the same client, session and UI path as a live pen. It plays the
 * pen's unsolicited frames (TLM, EVT) at 1×, 10× or full speed, and answers
 * the client itself from what the pen said in the recording: every query
 * (HELLO, GET_INFO, GET_STATUS, GET_AREA, GET_CART…) with the pen's recorded
 * answer to it, PING, TLM_RATE and STOP with ACK. Every command that would act
 * on a pen is refused `NAK BAD_STATE msg=replay: read-only` — a replay is
 * read-only (SR-15: a refused command changes nothing).
 *
 * Answers reuse the seq of the last frame played: the client then counts
 * them as replayed answers instead of inventing seq gaps (telemetry losses
 * stay exactly those of the recording).
 */
import { decodeLine, encode, Emitter, SCHEMA_HASH, transportError, systemClock, type Clock, type Message } from '../../../protocol/src/index.js';
import type { LineTransport, TransportEvents, TransportResult } from '../../../protocol/src/index.js';
import { schemaRefusal, schemaReplayable } from './recording-schema.js';
import { queryKey, type ReplaySource } from './replay-source.js';

/** The seq of a frame line without decoding it, or null. */
function seqOf(line: string): number | null {
  const sp = line.indexOf(' ');
  if (sp < 0) return null;
  const seq = Number(line.slice(line.lastIndexOf('$', sp) + 1, sp));
  return Number.isInteger(seq) && seq >= 0 && seq <= 65535 ? seq : null;
}

/** Playback speed: real time, ten times, or as fast as the client takes it. */
export type ReplaySpeed = 1 | 10 | 'full';

/** Progress of a replay: lines played of all, and the device time they reach (ms from the first TLM frame). */
export interface ReplayProgress {
  played: number;
  total: number;
  deviceMs: number;
  totalDeviceMs: number;
  done: boolean;
  paused: boolean;
  /** Seeks so far. */
  epoch: number;
  /** The recorded stroke-rate setpoint at this point, Hz, or null before the recording states one. */
  setHz: number | null;
}

/** Options of a ReplayTransport. */
export interface ReplayTransportOptions {
  speed: ReplaySpeed;
  clock?: Clock;
  /** Lines per macrotask at full speed (default 500): bounds how long one burst blocks the event loop. */
  chunk?: number;
  /** Timer period at 1× and 10×, ms (default 20). */
  tickMs?: number;
  /** The console's schema hash (default SCHEMA_HASH): a recording of another schema is refused at open. */
  schema?: string;
}

/** Plays one recording. Reopenable: a reconnect continues where the replay was. */
export class ReplayTransport implements LineTransport {
  readonly label: string;
  private readonly events = new Emitter<TransportEvents>();
  private readonly progressListeners = new Set<(p: ReplayProgress) => void>();
  private readonly clock: Clock;
  private readonly chunk: number;
  private readonly tickMs: number;
  private opened = false;
  private next = 0;
  private lastSeq = 0;
  private timer: unknown = null;
  /** Recording time that maps to `startedAt` on the clock. */
  private baseW = 0;
  private startedAt = 0;
  private speedValue: ReplaySpeed;
  private pausedFlag = false;
  /** While seeking: lines up to this index play at full speed first. */
  private catchUpTo: number | null = null;
  private epoch = 0;
  private readonly schema: string;

  constructor(readonly source: ReplaySource, opts: ReplayTransportOptions) {
    this.label = `replay of ${source.name}`;
    this.clock = opts.clock ?? systemClock;
    this.chunk = opts.chunk ?? 500;
    this.tickMs = opts.tickMs ?? 20;
    this.speedValue = opts.speed;
    this.schema = opts.schema ?? SCHEMA_HASH;
    // Answers before the first frame look like the frame just before it: no invented gap.
    const first = source.lines.length ? seqOf(source.lines.get(0)) : null;
    if (first !== null) this.lastSeq = (first + 65535) % 65536;
  }

  get isOpen(): boolean {
    return this.opened;
  }

  get speed(): ReplaySpeed {
    return this.speedValue;
  }

  get progress(): ReplayProgress {
    const { lines, device, setHz } = this.source;
    const total = lines.length;
    const hz = this.next > 0 ? setHz[this.next - 1]! : NaN;
    return {
      played: this.next, total, deviceMs: this.next > 0 ? device[this.next - 1]! : 0, totalDeviceMs: total > 0 ? device[total - 1]! : 0,
      done: this.next >= total, paused: this.pausedFlag, epoch: this.epoch, setHz: hz === hz ? hz : null,
    };
  }

  /** Called after every burst of lines and at the end. */
  onProgress(fn: (p: ReplayProgress) => void): () => void {
    this.progressListeners.add(fn);
    return () => this.progressListeners.delete(fn);
  }

  async open(): Promise<TransportResult> {
    if (this.opened) return { ok: false, error: transportError(`${this.label}: already open`) };
    const recorded = this.source.schema;
    if (!schemaReplayable(recorded, this.schema)) return { ok: false, error: transportError(schemaRefusal(this.source.name, recorded!, this.schema)) };
    if (!this.source.answersByKind.has('HELLO')) {
      return { ok: false, error: transportError(`${this.label}: the recording has no answer to HELLO from the pen, nothing to replay`) };
    }
    this.opened = true;
    this.rebase();
    this.schedule(0);
    return { ok: true };
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.cancel();
    this.events.emit('close', {});
  }

  /** Changes the speed mid-replay (the position is kept). */
  setSpeed(speed: ReplaySpeed): void {
    this.speedValue = speed;
    this.rebase();
    if (this.opened && !this.pausedFlag) {
      this.cancel();
      this.schedule(0);
    }
  }

  /** Holds playback (answers continue, so the client's link stays up). */
  setPaused(paused: boolean): void {
    this.pausedFlag = paused;
    this.cancel();
    if (!paused) {
      this.rebase();
      if (this.opened) this.schedule(0);
    }
  }

  /**
   * Moves to device time `deviceMs` (ms from the first TLM frame): the `prerollMs` before it play at full
   * speed, then playback goes on at its speed (or stays held). Earlier lines are not played again.
   */
  seek(deviceMs: number, prerollMs: number): void {
    const { device } = this.source;
    const upTo = (ms: number) => {
      let lo = 0;
      let hi = device.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (device[mid]! <= ms) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    this.cancel();
    this.epoch++;
    const target = upTo(deviceMs);
    this.next = Math.min(target, upTo(Math.max(-1, deviceMs - prerollMs - 1)));
    this.catchUpTo = target;
    if (this.opened) this.schedule(0);
  }

  /** The device time of the next (or previous) event, or fault, from where the replay is; null when there is none. */
  markFrom(to: 'next' | 'prev', what: 'event' | 'fault'): number | null {
    const here = this.progress.deviceMs;
    const marks = this.source.events.filter((e) => what === 'event' || e.fault);
    const hit = to === 'next' ? marks.find((e) => e.i >= this.next && e.device >= here) : marks.filter((e) => e.i < this.next - 1 && e.device < here).at(-1);
    return hit ? hit.device : null;
  }

  async write(line: string): Promise<TransportResult> {
    if (!this.opened) return { ok: false, error: transportError(`${this.label}: not open`, { disconnected: true, unsent: true }) };
    const r = decodeLine(line);
    // Like a pen: a bad frame is dropped (and the client's retransmit or timeout handles it).
    if (!r.ok) return { ok: true };
    const reply = this.answer(r.msg, r.body);
    // Asynchronous, as on a wire: never inside the writer's call stack.
    queueMicrotask(() => {
      if (this.opened) this.events.emit('line', encode(reply).replace(/\n$/, ''));
    });
    return { ok: true };
  }

  on<K extends keyof TransportEvents>(event: K, fn: (payload: TransportEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  private answer(cmd: Message, body: string): Message {
    const seq = this.lastSeq;
    const re = cmd.seq;
    const src = this.source;
    switch (cmd.kind) {
      case 'PING':
      case 'TLM_RATE':
      case 'STOP':
        // STOP is accepted everywhere (SR-16); in a replay there is nothing to stop.
        return { seq, kind: 'ACK', fields: { re } } as Message;
      default: {
        // A query the recorded console asked: the pen's recorded answer (the exact query, else the same kind).
        const rec = src.answers.get(queryKey(body)) ?? src.answersByKind.get(cmd.kind);
        if (rec) return { seq, kind: rec.kind, fields: { ...rec.fields, re } } as Message;
        if (cmd.kind === 'GET_AREA') return { seq, kind: 'NAK', fields: { re, code: 'AREA_UNKNOWN', msg: 'not in the recording' } } as Message;
        return { seq, kind: 'NAK', fields: { re, code: 'BAD_STATE', msg: 'replay: read-only' } } as Message;
      }
    }
  }

  private rebase(): void {
    const i = Math.min(this.next, this.source.lines.length - 1);
    this.baseW = i >= 0 ? this.source.times[i]! : 0;
    this.startedAt = this.clock.now();
  }

  private schedule(ms: number): void {
    if (this.timer !== null || (this.pausedFlag && this.catchUpTo === null)) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (!this.opened || (this.pausedFlag && this.catchUpTo === null)) return;
    const { lines, times } = this.source;
    const total = lines.length;
    let limit: number;
    const catchUp = this.catchUpTo;
    if (catchUp !== null) limit = Math.min(catchUp, this.next + this.chunk);
    else if (this.speedValue === 'full') limit = Math.min(total, this.next + this.chunk);
    else {
      const due = this.baseW + (this.clock.now() - this.startedAt) * this.speedValue;
      limit = this.next;
      while (limit < total && times[limit]! <= due) limit++;
    }
    for (; this.next < limit && this.opened; this.next++) {
      const line = lines.get(this.next);
      const seq = seqOf(line);
      if (seq !== null) this.lastSeq = seq;
      this.events.emit('line', line);
    }
    if (catchUp !== null && this.next >= catchUp) {
      // At the seek target: playback resumes at its speed from here.
      this.catchUpTo = null;
      this.rebase();
    }
    const p = this.progress;
    for (const fn of this.progressListeners) fn(p);
    if (!p.done) this.schedule(this.catchUpTo !== null || this.speedValue === 'full' ? 0 : this.tickMs);
  }
}

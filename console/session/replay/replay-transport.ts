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
 *
 * The lines are read from the recording block by block as playback reaches
 * them (ReplayBlocks): the block playing, the one before and READ_AHEAD after
 * are held, nothing else. Playback waits for a block still being read; a seek
 * settles once the blocks around its target are in.
 */
import { decodeLine, encode, Emitter, SCHEMA_HASH, transportError, systemClock, type Clock, type Message } from '../../../protocol/src/index.js';
import type { LineTransport, TransportEvents, TransportResult } from '../../../protocol/src/index.js';
import { schemaRefusal, schemaReplayable } from './recording-schema.js';
import { queryKey, seqOf } from './replay-index.js';
import type { ReplayBlock } from './replay-blocks.js';
import type { ReplaySource } from './replay-source.js';

/** Blocks read ahead of the one playing (a block is ~1000 lines: 5 s of 200 Hz telemetry at 1×). */
const READ_AHEAD = 2;

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
  /** A seek waiting for its blocks: device time and preroll. */
  private seekTo: { deviceMs: number; prerollMs: number } | null = null;
  /** Device time of the last line played (kept while its block is let go or not read yet). */
  private here = 0;
  /** Playback waits for a block being read. */
  private waiting = false;
  private failed = false;

  constructor(readonly source: ReplaySource, opts: ReplayTransportOptions) {
    this.label = `replay of ${source.name}`;
    this.clock = opts.clock ?? systemClock;
    this.chunk = opts.chunk ?? 500;
    this.tickMs = opts.tickMs ?? 20;
    this.speedValue = opts.speed;
    this.schema = opts.schema ?? SCHEMA_HASH;
    // Answers before the first frame look like the frame just before it: no invented gap.
    const first = source.firstSeq;
    if (first !== null) this.lastSeq = (first + 65535) % 65536;
    source.lines.onReady(() => {
      if (!this.waiting) return;
      this.waiting = false;
      if (this.opened) this.schedule(0);
    });
  }

  get isOpen(): boolean {
    return this.opened;
  }

  get speed(): ReplaySpeed {
    return this.speedValue;
  }

  get progress(): ReplayProgress {
    const { total, totalDeviceMs } = this.source;
    const hz = this.next > 0 ? this.hzAt(this.next - 1) : NaN;
    return {
      played: this.next, total, deviceMs: this.here, totalDeviceMs,
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
    this.waiting = false;
    this.source.lines.release();
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
    this.cancel();
    this.epoch++;
    this.seekTo = { deviceMs, prerollMs };
    this.catchUpTo = null;
    this.settleSeek();
    if (this.opened) this.schedule(0);
  }

  /** Index of the first line after device time `ms`, or null while the block it lies in is being read. */
  private upTo(ms: number): number | null {
    const { dev0, first } = this.source.blocks;
    const blocks = this.source.lines;
    const lo = upperBound(dev0, blocks.count, ms);
    if (lo === 0) return 0;
    const blk = blocks.get(lo - 1);
    if (!blk) return null;
    const device = blk.device;
    const a = upperBound(device, device.length, ms);
    return a < device.length ? blk.first + a : first[lo]!;
  }

  /** Places a pending seek once its blocks are in; false while they are being read. */
  private settleSeek(): boolean {
    const s = this.seekTo;
    if (!s) return true;
    const target = this.upTo(s.deviceMs);
    const from = this.upTo(Math.max(-1, s.deviceMs - s.prerollMs - 1));
    if (target === null || from === null) {
      this.waiting = true;
      return false;
    }
    this.seekTo = null;
    this.next = Math.min(target, from);
    this.catchUpTo = target;
    this.here = this.deviceBefore(this.next);
    return true;
  }

  /** Device time of the line before `i` (0 before the first). */
  private deviceBefore(i: number): number {
    const { total, totalDeviceMs, blocks } = this.source;
    if (i <= 0) return 0;
    if (i >= total) return totalDeviceMs;
    const b = this.source.lines.blockOf(i);
    const k = i - blocks.first[b]!;
    if (k === 0) return blocks.carry[b]!;
    const blk = this.source.lines.peek(b);
    return blk ? blk.device[k - 1]! : this.here;
  }

  /** The recorded set rate at line `i`, NaN before the recording states one. */
  private hzAt(i: number): number {
    const { hzAt, hz } = this.source;
    let lo = 0;
    let hi = hzAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hzAt[mid]! <= i) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? hz[lo - 1]! : NaN;
  }

  /** Host time of line `i`: from its block, or the block index at a block's first line. */
  private timeAt(i: number): number | null {
    const blocks = this.source.lines;
    const b = blocks.blockOf(i);
    const blk = blocks.peek(b);
    if (blk) return blk.times[i - blk.first]!;
    return i === this.source.blocks.first[b] ? this.source.blocks.w0[b]! : null;
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
    const i = Math.min(this.next, this.source.total - 1);
    this.baseW = i >= 0 ? (this.timeAt(i) ?? this.baseW) : 0;
    this.startedAt = this.clock.now();
  }

  private get held(): boolean {
    return this.pausedFlag && this.catchUpTo === null && this.seekTo === null;
  }

  private schedule(ms: number): void {
    if (this.timer !== null || this.held || this.failed) return;
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
    if (!this.opened || this.held || this.failed) return;
    const blocks = this.source.lines;
    if (this.settleSeek()) this.play(blocks);
    if (this.waiting && blocks.failure !== null) {
      this.waiting = false;
      // The file changed or went away: playback stops here, the link stays up (answers go on).
      this.failed = true;
      this.events.emit('error', transportError(`${this.label}: ${blocks.failure}`));
    }
    const p = this.progress;
    for (const fn of this.progressListeners) fn(p);
    if (!p.done && !this.waiting) this.schedule(this.catchUpTo !== null || this.seekTo !== null || this.speedValue === 'full' ? 0 : this.tickMs);
  }

  /** Plays the lines that are due (up to `chunk` at full speed or catching up) from the blocks in memory. */
  private play(blocks: ReplaySource['lines']): void {
    const total = this.source.total;
    const catchUp = this.catchUpTo;
    const timed = catchUp === null && this.speedValue !== 'full';
    const stopAt = timed ? total : Math.min(catchUp ?? total, this.next + this.chunk);
    const due = timed ? this.baseW + (this.clock.now() - this.startedAt) * (this.speedValue as number) : 0;
    let blk: ReplayBlock | null = null;
    while (this.next < stopAt && this.opened) {
      if (!blk || this.next >= blk.first + blk.lines.length) {
        blk = blocks.get(blocks.blockOf(this.next));
        if (!blk) {
          this.waiting = true;
          break;
        }
      }
      const k = this.next - blk.first;
      if (timed && blk.times[k]! > due) break;
      const line = blk.lines[k]!;
      const seq = seqOf(line);
      if (seq !== null) this.lastSeq = seq;
      this.here = blk.device[k]!;
      this.next++;
      this.events.emit('line', line);
    }
    if (catchUp !== null && this.next >= catchUp) {
      // At the seek target: playback resumes at its speed from here.
      this.catchUpTo = null;
      this.rebase();
    }
    if (total > 0) {
      const at = blocks.blockOf(this.next);
      blocks.hold(blocks.blockOf(Math.max(0, this.next - 1)), at + READ_AHEAD);
    }
  }
}

/** The number of leading entries of the sorted `values[0..n)` that are ≤ `x` (the index of the first one above it). */
function upperBound(values: ArrayLike<number>, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

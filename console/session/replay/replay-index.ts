/**
 * A replay's index, built in one streaming pass over a recording (in the
 * recordings worker): everything a replay needs except the lines themselves,
 * which stay in the file and are read block by block as the replay reaches
 * them (replay-blocks.ts). Per block of up to BLOCK_LINES played lines (or
 * BLOCK_BYTES of file) it keeps where the block starts in the file, its first
 * line's index, host and device time, and the device-time axis state there;
 * besides that the pen's events (next/previous), the recorded answers to the
 * console's queries, and the points where the recorded set rate changed.
 * A one-hour 200 Hz recording (~100 MB) gives an index of a few tens of KB.
 */
import { decodeBody, decodeLine } from '../../../protocol/src/index.js';
import { AxisUnwrapper } from '../../shared/charts/index.js';
import type { RecordDir } from '../recorder.js';
import type { ReadStats } from './recording-reader.js';
import { SchemaSniffer } from './recording-schema.js';

/** A recorded answer: its kind and fields without `re`. */
export interface RecordedAnswer {
  kind: string;
  fields: Record<string, unknown>;
}

/** A pen event in a replay, for next/previous. */
export interface ReplayMark {
  i: number;
  device: number;
  ev: string;
  fault: boolean;
}

/** Where each block of played lines is (n blocks; typed arrays, so they cross from the worker without copying). */
export interface ReplayBlockIndex {
  /** Byte offset in the file of each block's first line; [n] is the end of the last played line. */
  starts: Float64Array;
  /** Index of each block's first played line; [n] is the number of played lines. */
  first: Float64Array;
  /** Host wall time of each block's first line, ms. */
  w0: Float64Array;
  /** Device time of each block's first line (as `ReplayIndex`'s device times). */
  dev0: Float64Array;
  /** Device time reached before each block's first line. */
  carry: Float64Array;
  /** The device-time axis state before each block (three numbers a block, AxisUnwrapper.save()). */
  axis: Float64Array;
}

/** A recording indexed for replay. */
export interface ReplayIndex {
  name: string;
  /**
   * Played lines: the pen's unsolicited lines (TLM, EVT, and undecodable lines too: a replay shows bad CRCs
   * as they were). Their device time is TLM `t` unwrapped as the charts' axis does (wraps, reboots), in ms from
   * the first TLM frame, carried over lines without one.
   */
  total: number;
  /** Device time of the last played line. */
  totalDeviceMs: number;
  /** Axis time of the first TLM frame (device time 0), NaN when there is none. */
  device0: number;
  /** Seq of the first played line, or null. */
  firstSeq: number | null;
  blocks: ReplayBlockIndex;
  /** The recorded stroke-rate setpoint (STATUS hz=, acknowledged SET_RATE): from line `hzAt[k]` on it is `hz[k]`; NaN before any. */
  hzAt: Float64Array;
  hz: Float64Array;
  /** The pen's events: line index, device time, name, and whether it is a fault. */
  events: ReplayMark[];
  /** Protocol schema hash of the recording's handshake, or null when it has none. */
  schema: string | null;
  /** The last answer to each exact query ("GET_AREA i=3"), and to each query kind as a fallback. */
  answers: Map<string, RecordedAnswer>;
  answersByKind: Map<string, RecordedAnswer>;
  stats: ReadStats;
}

/** A block ends after this many played lines… */
export const BLOCK_LINES = 1024;
/** …or once it spans this many bytes of the file (a line is at most 64 KiB, so a block at most 192 KiB). */
export const BLOCK_BYTES = 128 * 1024;

/** Kinds the pen answers with: kept as recorded answers, never played. */
export const ANSWER_KINDS = new Set(['ACK', 'NAK', 'INFO', 'STATUS', 'CART', 'AREA', 'CHAL']);

/** The kind token of a frame without decoding it ("$12 TLM t=…*ABCD" → "TLM"). */
export function kindOf(line: string): string {
  const dollar = line.lastIndexOf('$');
  const a = line.indexOf(' ', dollar);
  if (a < 0) return '';
  const b = line.indexOf(' ', a + 1);
  const star = line.lastIndexOf('*');
  return line.slice(a + 1, b < 0 ? (star > a ? star : line.length) : b);
}

/** "KIND k=v …" of a command body (the seq dropped): the key its answer is kept under. */
export function queryKey(body: string): string {
  const sp = body.indexOf(' ');
  return sp < 0 ? body : body.slice(sp + 1);
}

/** Device time of a TLM line (its `t=`), without decoding it; NaN when absent. */
export function tlmTime(line: string): number {
  const i = line.indexOf(' t=');
  if (i < 0) return NaN;
  let j = i + 3;
  while (j < line.length && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
  return j > i + 3 ? Number(line.slice(i + 3, j)) : NaN;
}

/** The seq of a frame line without decoding it, or null. */
export function seqOf(line: string): number | null {
  const sp = line.indexOf(' ');
  if (sp < 0) return null;
  const seq = Number(line.slice(line.lastIndexOf('$', sp) + 1, sp));
  return Number.isInteger(seq) && seq >= 0 && seq <= 65535 ? seq : null;
}

/** A growable column of numbers. */
class Column {
  private a = new Float64Array(64);
  n = 0;

  push(v: number): void {
    if (this.n === this.a.length) {
      const grown = new Float64Array(this.a.length * 2);
      grown.set(this.a);
      this.a = grown;
    }
    this.a[this.n++] = v;
  }

  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

/**
 * Builds a ReplayIndex from a recording's records in file order. Before handing it a record, the reader sets
 * `at` and `end` to the bytes of its line in the file.
 */
export class ReplayIndexBuilder {
  at = 0;
  end = 0;
  private total = 0;
  private readonly starts = new Column();
  private readonly first = new Column();
  private readonly w0 = new Column();
  private readonly dev0 = new Column();
  private readonly carry = new Column();
  private readonly axisState = new Column();
  private readonly hzAt = new Column();
  private readonly hzCol = new Column();
  private lastEnd = 0;
  private blockStart = 0;
  private inBlock = 0;
  private firstSeq: number | null = null;
  private readonly events: ReplayMark[] = [];
  private hz = NaN;
  private lastHz = NaN;
  private readonly sniffer = new SchemaSniffer();
  private readonly axis = new AxisUnwrapper();
  private device0: number | null = null;
  private deviceNow = 0;
  private readonly answers = new Map<string, RecordedAnswer>();
  private readonly byKind = new Map<string, RecordedAnswer>();
  /** Commands sent, by seq, waiting for their answer. */
  private readonly pending = new Map<number, string>();

  readonly sink = (d: RecordDir, line: string, w: number, t: number): void => {
    if (!this.sniffer.settled) this.sniffer.sink(d, line, w, t);
    if (d === 'out') {
      const r = decodeLine(line);
      if (r.ok) this.pending.set(r.msg.seq, queryKey(r.body));
      return;
    }
    if (d !== 'in') return;
    const kind = kindOf(line);
    if (!ANSWER_KINDS.has(kind)) this.played(kind, line, w);
    else this.answer(line);
  };

  private played(kind: string, line: string, w: number): void {
    const n = this.starts.n;
    const newBlock = n === 0 || this.inBlock >= BLOCK_LINES || this.at - this.blockStart >= BLOCK_BYTES;
    if (newBlock) {
      this.starts.push(this.at);
      this.blockStart = this.at;
      this.first.push(this.total);
      this.w0.push(w);
      this.carry.push(this.deviceNow);
      for (const v of this.axis.save()) this.axisState.push(v);
      this.inBlock = 0;
    }
    if (kind === 'TLM') {
      const dt = tlmTime(line);
      if (Number.isFinite(dt)) {
        const x = this.axis.map(dt);
        this.device0 ??= x;
        this.deviceNow = x - this.device0;
      }
    }
    if (newBlock) this.dev0.push(this.deviceNow);
    if (kind === 'EVT') {
      const ev = / ev=([A-Z_]+)/.exec(line)?.[1] ?? '?';
      this.events.push({ i: this.total, device: this.deviceNow, ev, fault: ev === 'FAULT' });
    }
    // The set rate is kept where it changes, not per line.
    if (!Object.is(this.hz, this.lastHz)) {
      this.hzAt.push(this.total);
      this.hzCol.push(this.hz);
      this.lastHz = this.hz;
    }
    if (this.total === 0) this.firstSeq = seqOf(line);
    this.total++;
    this.inBlock++;
    this.lastEnd = this.end;
  }

  private answer(line: string): void {
    const r = decodeLine(line);
    if (!r.ok) return;
    const { re, ...fields } = r.msg.fields as Record<string, unknown>;
    const key = typeof re === 'number' ? this.pending.get(re) : undefined;
    if (key === undefined) return;
    this.pending.delete(re as number);
    // The rate band of a replay follows the set rate the recording shows at each point.
    if (r.msg.kind === 'STATUS' && typeof fields.hz === 'number') this.hz = fields.hz;
    if (r.msg.kind === 'ACK' && key.startsWith('SET_RATE hz=')) this.hz = Number(key.slice(12));
    // Only queries are answered from the recording; ACK/NAK answered commands that acted on the pen.
    if (r.msg.kind === 'ACK' || r.msg.kind === 'NAK') return;
    const answer = { kind: r.msg.kind, fields };
    this.answers.set(key, answer);
    const cmd = decodeBody(`0 ${key}`);
    if (cmd.ok) this.byKind.set(cmd.msg.kind, answer);
  }

  done(name: string, stats: ReadStats): ReplayIndex {
    this.starts.push(this.lastEnd);
    this.first.push(this.total);
    return {
      name, total: this.total, totalDeviceMs: this.total ? this.deviceNow : 0, device0: this.device0 ?? NaN, firstSeq: this.firstSeq,
      blocks: {
        starts: this.starts.done(), first: this.first.done(), w0: this.w0.done(), dev0: this.dev0.done(), carry: this.carry.done(), axis: this.axisState.done(),
      },
      hzAt: this.hzAt.done(), hz: this.hzCol.done(), events: this.events, schema: this.sniffer.schema,
      answers: this.answers, answersByKind: this.byKind, stats,
    };
  }
}

/** The typed arrays of an index, to transfer rather than copy across threads. */
export function transferablesOf(index: ReplayIndex): ArrayBuffer[] {
  const b = index.blocks;
  return [b.starts, b.first, b.w0, b.dev0, b.carry, b.axis, index.hzAt, index.hz].map((a) => a.buffer as ArrayBuffer);
}

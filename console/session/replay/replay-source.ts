/**
 * What a replay plays: a recording's pen → host frames that the pen sent on
 * its own (TLM, EVT) with their arrival times, and the pen's recorded answers
 * to the console's queries, so a replay can answer the replaying client's own
 * handshake and queries (HELLO, GET_INFO, GET_STATUS, GET_AREA, GET_CART…)
 * from what the pen really said. Recorded answers are not played as frames:
 * they answered the recorded console's seq numbers, not the replaying client's.
 */
import { decodeLine, decodeBody } from '../../../protocol/src/index.js';
import { AxisUnwrapper } from '../../shared/charts/index.js';
import { readRecordingFile, readRecordingText, type ReadStats } from './recording-reader.js';
import type { RecordDir } from '../recorder.js';
import { SchemaSniffer } from './recording-schema.js';
import { LinePacker, type ReplayLines } from './packed-lines.js';

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

/** A recording ready to replay. */
export interface ReplaySource {
  name: string;
  /** Unsolicited pen lines (TLM, EVT, and undecodable lines too: a replay shows bad CRCs as they were). */
  lines: ReplayLines;
  /** Host wall time of each line, ms. */
  times: Float64Array;
  /**
   * Device time reached with each line, ms from the first TLM frame: TLM `t`
   * unwrapped as the charts' axis does (wraps, reboots), carried over lines without one.
   */
  device: Float64Array;
  /** The stroke-rate setpoint in force at each line (STATUS hz=, acknowledged SET_RATE), Hz; NaN before any. */
  setHz: Float32Array;
  /** The pen's events: line index, device time (as `device`), name, and whether it is a fault. */
  events: ReplayMark[];
  /** Protocol schema hash of the recording's handshake, or null when it has none. */
  schema: string | null;
  /** The last answer to each exact query ("GET_AREA i=3"), and to each query kind as a fallback. */
  answers: Map<string, RecordedAnswer>;
  answersByKind: Map<string, RecordedAnswer>;
  stats: ReadStats;
}

const ANSWER_KINDS = new Set(['ACK', 'NAK', 'INFO', 'STATUS', 'CART', 'AREA', 'CHAL']);

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
function tlmTime(line: string): number {
  const i = line.indexOf(' t=');
  if (i < 0) return NaN;
  let j = i + 3;
  while (j < line.length && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
  return j > i + 3 ? Number(line.slice(i + 3, j)) : NaN;
}

class Builder {
  private readonly lines = new LinePacker();
  private readonly times: number[] = [];
  private readonly device: number[] = [];
  private readonly setHz: number[] = [];
  private readonly events: ReplayMark[] = [];
  private hz = NaN;
  readonly sniffer = new SchemaSniffer();
  private readonly axis = new AxisUnwrapper();
  private device0: number | null = null;
  private deviceNow = 0;
  answers = new Map<string, RecordedAnswer>();
  byKind = new Map<string, RecordedAnswer>();
  /** Commands sent, by seq, waiting for their answer. */
  private pending = new Map<number, string>();

  readonly sink = (d: RecordDir, line: string, w: number, t: number): void => {
    if (!this.sniffer.settled) this.sniffer.sink(d, line, w, t);
    if (d === 'out') {
      const r = decodeLine(line);
      if (r.ok) this.pending.set(r.msg.seq, queryKey(r.body));
      return;
    }
    if (d !== 'in') return;
    const kind = kindOf(line);
    if (!ANSWER_KINDS.has(kind)) {
      if (kind === 'TLM') {
        const dt = tlmTime(line);
        if (Number.isFinite(dt)) {
          const x = this.axis.map(dt);
          this.device0 ??= x;
          this.deviceNow = x - this.device0;
        }
      }
      if (kind === 'EVT') {
        const ev = / ev=([A-Z_]+)/.exec(line)?.[1] ?? '?';
        this.events.push({ i: this.times.length, device: this.deviceNow, ev, fault: ev === 'FAULT' });
      }
      this.lines.push(line);
      this.times.push(w);
      this.device.push(this.deviceNow);
      this.setHz.push(this.hz);
      return;
    }
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
  };

  done(name: string, stats: ReadStats): ReplaySource {
    return {
      name, lines: this.lines.done(), times: Float64Array.from(this.times), device: Float64Array.from(this.device),
      setHz: Float32Array.from(this.setHz), events: this.events, schema: this.sniffer.schema, answers: this.answers, answersByKind: this.byKind, stats,
    };
  }
}

/** Reads a recording file for replay. */
export async function replaySourceFromFile(path: string, name = path): Promise<ReplaySource> {
  const b = new Builder();
  const stats = await readRecordingFile(path, b.sink);
  return b.done(name, stats);
}

/** Reads a recording's text for replay (tests). */
export function replaySourceFromText(name: string, text: string): ReplaySource {
  const b = new Builder();
  const stats = readRecordingText(text, b.sink);
  return b.done(name, stats);
}

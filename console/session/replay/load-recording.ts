/**
 * Loads a recording for the Recordings view: every pen → host line decoded
 * with the codec, telemetry into typed columns, events into a list, and the
 * session summary, in one streaming pass. A one-hour 200 Hz session
 * (~720 000 lines) loads in about a second (`npm run bench -- --only replay`).
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { decodeLine } from '../../../protocol/src/index.js';
import {
  SummaryBuilder, minMaxDecimate, type CartFields, toEventRecord, type Decimated, type EventRecord, type SessionSummary, type TlmPoint,
} from '../../shared/charts/index.js';
import { readRecordingFile, readRecordingText, type ReadStats, type RecordSink } from './recording-reader.js';
import { SchemaSniffer } from './recording-schema.js';
import { TlmColumns } from './tlm-columns.js';

/** A recording loaded for viewing and export. */
export interface LoadedRecording {
  name: string;
  stats: ReadStats;
  /** pen → host lines that failed to decode (bad CRC, torn, or answers of an older schema), counted not acted on. */
  decodeErrors: number;
  /** Protocol schema hash of the recording's handshake, or null when it has none. */
  schema: string | null;
  /** pen → host lines. */
  linesIn: number;
  linesOut: number;
  tlm: TlmColumns;
  events: EventRecord[];
  summary: SessionSummary;
}

/** Decimated whole-recording series for an overview chart. */
export interface RecordingOverview {
  x: number[];
  measured: Decimated;
  setpoint: Decimated;
  rate: Decimated;
}

class Loader {
  readonly tlm: TlmColumns;
  readonly events: EventRecord[] = [];
  readonly summary = new SummaryBuilder();
  readonly sniffer = new SchemaSniffer();
  decodeErrors = 0;
  linesIn = 0;
  linesOut = 0;

  constructor(expectedRows: number) {
    this.tlm = new TlmColumns(expectedRows);
  }

  readonly sink: RecordSink = (d, line, w, t) => {
    if (!this.sniffer.settled) this.sniffer.sink(d, line, w, t);
    if (d !== 'in') {
      if (d === 'out') this.linesOut++;
      return;
    }
    this.linesIn++;
    const r = decodeLine(line);
    if (!r.ok) {
      this.decodeErrors++;
      return;
    }
    const msg = r.msg;
    switch (msg.kind) {
      case 'TLM': {
        const f = msg.fields as unknown as TlmPoint;
        this.tlm.push(f);
        this.summary.tlm(f);
        return;
      }
      case 'EVT': {
        const e = toEventRecord(msg.fields as Record<string, unknown>);
        this.events.push(e);
        this.summary.event(e);
        return;
      }
      case 'INFO': // format-1 recordings of protocol builds that reported the area in INFO
      case 'STATUS':
        this.summary.info((msg.fields as { area?: string }).area);
        return;
      case 'CART':
        this.summary.cartInfo(msg.fields as unknown as CartFields);
        return;
      default:
    }
  };

  result(name: string, stats: ReadStats): LoadedRecording {
    return {
      name, stats, decodeErrors: this.decodeErrors, schema: this.sniffer.schema, linesIn: this.linesIn, linesOut: this.linesOut,
      tlm: this.tlm, events: this.events, summary: this.summary.result(),
    };
  }
}

/** Loads a recording file (streamed). */
export async function loadRecording(path: string): Promise<LoadedRecording> {
  // ~100 bytes a record: preallocate so the columns rarely grow.
  const loader = new Loader(Math.ceil(statSync(path).size / 95));
  const stats = await readRecordingFile(path, loader.sink);
  return loader.result(basename(path), stats);
}

/** Loads a recording from its text (tests). */
export function loadRecordingText(name: string, text: string): LoadedRecording {
  const loader = new Loader(Math.ceil(text.length / 95));
  const stats = readRecordingText(text, loader.sink);
  return loader.result(name, stats);
}

/** The whole recording decimated to `columns` buckets on the device-time axis. */
export function overviewOf(rec: LoadedRecording, columns: number): RecordingOverview {
  const { tlm } = rec;
  const n = tlm.length;
  const x = tlm.x.subarray(0, n);
  const x0 = n ? x[0]! : 0;
  const x1 = n ? x[n - 1]! : 0;
  const dec = (y: ArrayLike<number>) => minMaxDecimate({ x, y }, x0, x1, columns, 0, n);
  return { x: [x0, x1], measured: dec(tlm.m), setpoint: dec(tlm.d), rate: dec(tlm.r) };
}

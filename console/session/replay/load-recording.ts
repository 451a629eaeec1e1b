/**
 * Loads a recording: every pen → host line decoded with the codec, telemetry
 * into typed columns, events into a list, and the session summary, in one
 * streaming pass. The Recordings view and the exports use the bounded-memory
 * variants in recording-stream.ts; this whole-file form serves tests.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { decodeLine, type Message } from '../../../protocol/src/index.js';
import {
  RowContext, SummaryBuilder, minMaxDecimate, type CartFields, toEventRecord, type Decimated, type EventRecord, type SessionSummary, type TlmPoint,
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

/**
 * Feeds one decoded pen frame to a session summary (telemetry, events, the selected area from STATUS, the
 * cartridge from CART); returns the event record of an EVT. The live session feeds its summary the same way,
 * so a live summary and its recording's agree.
 */
export function summarizeFrame(summary: SummaryBuilder, msg: Message): EventRecord | null {
  switch (msg.kind) {
    case 'TLM':
      summary.tlm(msg.fields as unknown as TlmPoint);
      return null;
    case 'EVT': {
      const e = toEventRecord(msg.fields as Record<string, unknown>);
      summary.event(e);
      return e;
    }
    case 'INFO': // format-1 recordings of protocol builds that reported the area in INFO
    case 'STATUS':
      summary.info((msg.fields as { area?: string }).area);
      return null;
    case 'CART':
      summary.cartInfo(msg.fields as unknown as CartFields);
      return null;
    default:
      return null;
  }
}

/**
 * Follows a recording's records in one pass: pen lines decoded with the codec, each telemetry frame handed
 * to `onTlm`, events kept (up to `maxEvents`, all counted, each handed to `onEvent`) and both fed to the session summary.
 */
export class RecordingScan {
  readonly events: EventRecord[] = [];
  readonly summary = new SummaryBuilder();
  readonly sniffer = new SchemaSniffer();
  /** Area, skin contact, faults and set rate at the frame being read. */
  readonly ctx = new RowContext();
  decodeErrors = 0;
  /** The pen's identity from its first INFO answer. */
  pen: { serial: string; fw: string } | null = null;
  linesIn = 0;
  linesOut = 0;
  eventCount = 0;

  constructor(
    private readonly onTlm: (f: TlmPoint, ctx: RowContext) => void,
    private readonly maxEvents = Number.POSITIVE_INFINITY,
    private readonly onEvent?: (e: EventRecord) => void,
  ) {}

  /** A pen → host TLM line already decoded elsewhere (the byte scan of fast-scan.ts). */
  tlmLine(f: TlmPoint): void {
    this.linesIn++;
    this.frame(f);
  }

  /** A pen → host ACK already decoded elsewhere (fast-scan.ts): only its `re` matters here. */
  ackLine(re: number): void {
    this.linesIn++;
    this.ctx.in({ seq: 0, kind: 'ACK', fields: { re } } as Message);
  }

  /** A host → pen line that needs no decoding (a heartbeat PING). */
  outLine(): void {
    this.linesOut++;
  }

  private frame(f: TlmPoint): void {
    this.onTlm(f, this.ctx);
    this.summary.tlm(f);
  }

  readonly sink: RecordSink = (d, line, w, t) => {
    if (!this.sniffer.settled) this.sniffer.sink(d, line, w, t);
    if (d !== 'in') {
      if (d !== 'out') return;
      this.linesOut++;
      // Only an acknowledged SET_RATE changes the context: other commands are not decoded.
      if (line.includes(' SET_RATE ')) {
        const c = decodeLine(line);
        if (c.ok) this.ctx.out(c.msg);
      }
      return;
    }
    this.linesIn++;
    const r = decodeLine(line);
    if (!r.ok) {
      this.decodeErrors++;
      return;
    }
    const msg = r.msg;
    if (msg.kind === 'TLM') {
      this.frame(msg.fields as unknown as TlmPoint);
      return;
    }
    this.ctx.in(msg);
    if (msg.kind === 'INFO' && !this.pen) {
      const f = msg.fields as { serial?: unknown; fw?: unknown };
      if (typeof f.serial === 'string' && typeof f.fw === 'string') this.pen = { serial: f.serial, fw: f.fw };
    }
    const e = summarizeFrame(this.summary, msg);
    if (e) {
      this.eventCount++;
      if (this.events.length < this.maxEvents) this.events.push(e);
      this.onEvent?.(e);
    }
  };

}

function loaded(name: string, stats: ReadStats, scan: RecordingScan, tlm: TlmColumns): LoadedRecording {
  return {
    name, stats, decodeErrors: scan.decodeErrors, schema: scan.sniffer.schema, linesIn: scan.linesIn, linesOut: scan.linesOut,
    tlm, events: scan.events, summary: scan.summary.result(),
  };
}

/** Loads a whole recording file into memory, telemetry in columns (streamed from disk; tests, comparisons). */
export async function loadRecording(path: string): Promise<LoadedRecording> {
  // ~100 bytes a record: preallocate so the columns rarely grow.
  const tlm = new TlmColumns(Math.ceil(statSync(path).size / 95));
  const scan = new RecordingScan((f, ctx) => tlm.push(f, ctx));
  const stats = await readRecordingFile(path, scan.sink);
  return loaded(basename(path), stats, scan, tlm);
}

/** Loads a recording from its text (tests). */
export function loadRecordingText(name: string, text: string): LoadedRecording {
  const tlm = new TlmColumns(Math.ceil(text.length / 95));
  const scan = new RecordingScan((f, ctx) => tlm.push(f, ctx));
  const stats = readRecordingText(text, scan.sink);
  return loaded(name, stats, scan, tlm);
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

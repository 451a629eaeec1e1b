/**
 * The Recordings view's detail and the exports of a recording, each in one
 * streaming pass whose memory does not grow with the file: the summary and a
 * min/max overview of fixed size for the detail (events kept up to a cap, all
 * counted); CSV rows or events appended to the export up to a size limit, past
 * which the export stops with a clear error instead of exhausting memory.
 * These run in the recordings worker (recordings-worker.ts), off the thread
 * that owns the serial link.
 */
import { basename } from 'node:path';
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import {
  AxisUnwrapper, CSV_HEADER, MinMaxStream, csvLine, type CsvContext, sessionToJson, type EventRecord, type ExportedFile, type RecordingDetail,
} from '../../shared/charts/index.js';
import { RecordingScan } from './load-recording.js';
import { RecordingFileError } from './recording-file.js';
import { readRecordingFile } from './recording-reader.js';

/** Columns of the overview chart sent to the UI (≤ 2 × this + 2 points per series). */
export const OVERVIEW_COLUMNS = 600;
/** Events sent with a detail (all are counted in the summary). */
export const DETAIL_EVENTS = 5000;
/** An export larger than this is refused: it could not be handed to the UI in one piece anyway. */
export const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

/** Summary, first events and a decimated overview of a recording file. */
export async function recordingDetail(path: string, name = basename(path)): Promise<RecordingDetail> {
  const t0 = performance.now();
  const axis = new AxisUnwrapper();
  const measured = new MinMaxStream(OVERVIEW_COLUMNS);
  const setpoint = new MinMaxStream(OVERVIEW_COLUMNS);
  const rate = new MinMaxStream(OVERVIEW_COLUMNS);
  let x0: number | null = null;
  let x1 = 0;
  const scan = new RecordingScan((f) => {
    const x = axis.map(f.t);
    x0 ??= x;
    x1 = x;
    measured.add(x, f.m);
    setpoint.add(x, f.d);
    rate.add(x, f.r);
  }, DETAIL_EVENTS);
  const stats = await readRecordingFile(path, scan.sink);
  return {
    name, startedAt: stats.header?.wall ?? null, complete: stats.complete, linesIn: scan.linesIn, linesOut: scan.linesOut,
    decodeErrors: scan.decodeErrors, loadMs: performance.now() - t0, summary: scan.summary.result(), events: scan.events,
    overview: { x0: x0 ?? 0, x1, measured: measured.result(), setpoint: setpoint.result(), rate: rate.result() },
    schema: scan.sniffer.schema, consoleSchema: SCHEMA_HASH,
  };
}

/** Collects export text up to MAX_EXPORT_BYTES (or `limit`). */
class BoundedText {
  private readonly parts: string[] = [];
  private size = 0;

  constructor(private readonly what: string, private readonly limit: number) {}

  add(text: string): void {
    this.size += text.length;
    if (this.size > this.limit) {
      throw new RecordingFileError(`${this.what} would exceed ${Math.round(this.limit / 1048576)} MiB; it is too large to export in one piece`);
    }
    this.parts.push(text);
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Streams the telemetry CSV of a recording file through `write` (header first, one line per TLM frame, LF ends). */
export async function streamCsv(path: string, write: (text: string) => void): Promise<number> {
  write(CSV_HEADER + '\n');
  let last: CsvContext | null = null;
  let rows = 0;
  const scan = new RecordingScan((r, c) => {
    if (!last || last.area !== c.area || last.skin !== c.skin || last.faults !== c.faults || last.setHz !== c.setHz) {
      last = { area: c.area, areaName: c.nameOf(c.area), skin: c.skin, faults: c.faults, setHz: c.setHz };
    }
    rows++;
    write(csvLine({ ...r, ctx: last }) + '\n');
  }, 0);
  await readRecordingFile(path, scan.sink);
  return rows;
}

/** The telemetry CSV or the events-and-summary JSON of a recording file, streamed. */
export async function exportRecordingFile(path: string, format: 'csv' | 'json', limit = MAX_EXPORT_BYTES): Promise<ExportedFile> {
  const name = basename(path);
  const base = name.replace(/\.jsonl$/, '');
  if (format === 'csv') {
    const out = new BoundedText(`The telemetry CSV of ${name}`, limit);
    await streamCsv(path, (t) => out.add(t));
    return { filename: `${base}-telemetry.csv`, mime: 'text/csv', text: out.text() };
  }
  // Events are ~100 bytes of JSON each: keep them within the same limit.
  const maxEvents = Math.floor(limit / 100);
  const scan = new RecordingScan(() => undefined, maxEvents);
  const stats = await readRecordingFile(path, scan.sink);
  if (scan.eventCount > maxEvents) {
    throw new RecordingFileError(`The events JSON of ${name} would hold ${scan.eventCount} events; it is too large to export in one piece`);
  }
  const events: EventRecord[] = scan.events;
  return { filename: `${base}-events.json`, mime: 'application/json', text: sessionToJson(name, stats.header?.wall ?? null, events, scan.summary.result()) };
}

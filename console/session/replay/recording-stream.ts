/**
 * The Recordings view's detail (from the index when there is one, see
 * recording-index.ts) and the exports of a recording, each in one
 * streaming pass whose memory does not grow with the file: the summary and a
 * min/max overview of fixed size for the detail (events kept up to a cap, all
 * counted); the CSV and the events JSON written through a callback as they
 * are read (to a file: no size limit), or collected as text up to a size
 * limit, past which the export stops with a clear error naming the streamed
 * alternative instead of exhausting memory. The console runs these in the
 * recordings worker (recordings-worker.ts), off the thread that owns the
 * serial link.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import { CSV_HEADER, csvLine, type CsvContext, sessionToJson, type EventRecord, type ExportedFile, type RecordingDetail } from '../../shared/charts/index.js';
import { IndexBuilder, readIndex, writeIndex } from './recording-index.js';
import { recordingInProgress } from './recording-lock.js';
import { RecordingScan } from './load-recording.js';
import { MAX_RECORD_LINE, readHead, RecordingFileError } from './recording-file.js';
import { emptyStats, headerOf, readRecordingFile, readRecordLine } from './recording-reader.js';
import { fastScan } from './fast-scan.js';

/** An export returned as text in one piece larger than this is refused (exports to a file have no limit). */
export const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

/**
 * Summary, first events and a decimated overview of a recording file: from its index when that matches the
 * file, else in one streaming pass, after which the index is written (unless the recording is still being
 * written, or `writeIndexAfter` is false) so the next open is immediate.
 */
export async function recordingDetail(path: string, name = basename(path), writeIndexAfter = true): Promise<RecordingDetail> {
  const t0 = performance.now();
  const index = readIndex(path);
  if (index) return { ...index.detail, schema: index.detail.schema ?? null, consoleSchema: SCHEMA_HASH, loadMs: performance.now() - t0, fromIndex: true };
  const b = new IndexBuilder();
  const stats = emptyStats();
  // TLM lines in the recorder's shape are read from the bytes; every other line as the reader always reads it.
  await fastScan(path, {
    tlm: (f) => {
      stats.records++;
      b.scan.tlmLine(f);
    },
    ack: (re) => {
      stats.records++;
      b.scan.ackLine(re);
    },
    ping: () => {
      stats.records++;
      b.scan.outLine();
    },
  }, (line) => readRecordLine(line, b.sink, stats));
  const built = b.result(name, stats);
  if (writeIndexAfter && !recordingInProgress(path)) {
    try {
      writeIndex(path, built);
    } catch {
      // A read-only directory: the next open scans again.
    }
  }
  return { ...built.detail, loadMs: performance.now() - t0 };
}

/** Collects export text up to MAX_EXPORT_BYTES (or `limit`). */
class BoundedText {
  private readonly parts: string[] = [];
  private size = 0;

  constructor(private readonly what: string, private readonly limit: number) {}

  add(text: string): void {
    this.size += text.length;
    if (this.size > this.limit) {
      throw new RecordingFileError(`${this.what} would exceed ${Math.round(this.limit / 1048576)} MiB; it is too large to export in one piece: ${STREAMED}`);
    }
    this.parts.push(text);
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Where an export too large for one piece can go instead. */
const STREAMED = 'export it to a file instead (the Recordings tab\'s export, or penbench export <recording> --csv OUT / --events OUT), which streams it with no size limit';

/** JSON.stringify(v, null, 1) as it reads nested `depth` levels deep in a document indented the same way. */
function nested(v: unknown, depth: number): string {
  return JSON.stringify(v, null, 1).replace(/\n/g, `\n${' '.repeat(depth)}`);
}

/**
 * Streams the events-and-summary JSON of a recording file through `write`, event by event as they are read:
 * the same text as sessionToJson (console/shared/charts/export.ts) for a recording whose start record is its
 * first line, as every recording's is. Resolves with the number of events.
 */
export async function streamEventsJson(path: string, write: (text: string) => void): Promise<number> {
  const header = headerOf(readHead(path, MAX_RECORD_LINE)?.split('\n')[0] ?? '');
  write(`{\n "format": "penbench-session",\n "version": 1,\n "source": ${JSON.stringify(basename(path))},\n "startedAt": ${JSON.stringify(header?.wall ?? null)},\n "events": [`);
  let n = 0;
  const scan = new RecordingScan(() => undefined, 0, (e) => write(`${n++ ? ',' : ''}\n  ${nested(e, 2)}`));
  await readRecordingFile(path, scan.sink);
  write(`${n ? '\n ' : ''}],\n "summary": ${nested(scan.summary.result(), 1)}\n}\n`);
  return n;
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

/** Runs a streamed export (streamCsv, streamEventsJson) into file `out`, created or emptied first. */
export async function streamToFile<T>(out: string, stream: (write: (text: string) => void) => Promise<T>): Promise<T> {
  const fd = openSync(out, 'w');
  try {
    return await stream((text) => writeSync(fd, text));
  } finally {
    closeSync(fd);
  }
}

/** The telemetry CSV or the events-and-summary JSON of a recording file as text in one piece, up to `limit` (tests; every export a user starts streams to a file). */
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
    throw new RecordingFileError(`The events JSON of ${name} would hold ${scan.eventCount} events; it is too large to export in one piece: ${STREAMED}`);
  }
  const events: EventRecord[] = scan.events;
  return { filename: `${base}-events.json`, mime: 'application/json', text: sessionToJson(name, stats.header?.wall ?? null, events, scan.summary.result()) };
}

/**
 * Exports of a session: telemetry as CSV (one row per TLM frame, the wire
 * units in the header), events and the summary as JSON. Each has a parser
 * that gives the records back, or says which line or field is wrong; parsers
 * return results and never throw.
 */
import { PEN_STATES, type PenState } from '../../../protocol/src/index.js';
import type { SessionSummary } from './summary.js';
import type { EventRecord, TlmPoint } from './types.js';

/** CSV columns in order: TLM key and header name with its unit. */
export const CSV_COLUMNS = [
  ['t', 'device_time_ms'],
  ['s', 'state'],
  ['d', 'depth_set_um'],
  ['m', 'depth_measured_um'],
  ['r', 'rate_hz'],
  ['n', 'strokes'],
  ['p', 'passes'],
  ['c', 'temp_0_1c'],
  ['b', 'battery_pct'],
] as const satisfies readonly (readonly [keyof TlmPoint, string])[];

/** Header line of the telemetry CSV. */
export const CSV_HEADER = CSV_COLUMNS.map((c) => c[1]).join(',');

/** Telemetry as CSV text (LF line ends, trailing LF). */
export function telemetryToCsv(rows: Iterable<TlmPoint>): string {
  const out: string[] = [CSV_HEADER];
  for (const r of rows) out.push(`${r.t},${r.s},${r.d},${r.m},${r.r},${r.n},${r.p},${r.c},${r.b}`);
  return out.join('\n') + '\n';
}

/** Parse result. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const STATES = new Set<string>(PEN_STATES);

/** Parses a telemetry CSV written by telemetryToCsv (CR LF tolerated). */
export function parseTelemetryCsv(text: string): Parsed<TlmPoint[]> {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').replace(/\r$/, '');
  if (header !== CSV_HEADER) return { ok: false, error: `line 1: expected header "${CSV_HEADER}"` };
  const rows: TlmPoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') continue;
    const cells = line.split(',');
    if (cells.length !== CSV_COLUMNS.length) return { ok: false, error: `line ${i + 1}: ${cells.length} cells, expected ${CSV_COLUMNS.length}` };
    const row: Record<string, number | string> = {};
    for (let j = 0; j < CSV_COLUMNS.length; j++) {
      const [key, name] = CSV_COLUMNS[j]!;
      const cell = cells[j]!;
      if (key === 's') {
        if (!STATES.has(cell)) return { ok: false, error: `line ${i + 1}: ${name} "${cell}" is not a pen state` };
        row[key] = cell;
      } else {
        if (!/^-?\d+$/.test(cell)) return { ok: false, error: `line ${i + 1}: ${name} "${cell}" is not an integer` };
        row[key] = Number(cell);
      }
    }
    rows.push(row as unknown as TlmPoint);
  }
  return { ok: true, value: rows };
}

/** The JSON export: events and the summary of one session. */
export interface SessionExport {
  format: 'penbench-session';
  version: 1;
  /** Where it came from: the recording's file name or "live". */
  source: string;
  /** Host wall clock of the session start, ms since the epoch, when known. */
  startedAt: number | null;
  events: EventRecord[];
  summary: SessionSummary;
}

/** Events and summary as JSON text. */
export function sessionToJson(source: string, startedAt: number | null, events: readonly EventRecord[], summary: SessionSummary): string {
  const doc: SessionExport = { format: 'penbench-session', version: 1, source, startedAt, events: [...events], summary };
  return JSON.stringify(doc, null, 1) + '\n';
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and checks a JSON export. */
export function parseSessionJson(text: string): Parsed<SessionExport> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (!isObj(v) || v.format !== 'penbench-session') return { ok: false, error: 'format must be "penbench-session"' };
  if (v.version !== 1) return { ok: false, error: `version ${String(v.version)} is not supported (expected 1)` };
  if (!Array.isArray(v.events)) return { ok: false, error: 'events must be an array' };
  for (let i = 0; i < v.events.length; i++) {
    const e: unknown = v.events[i];
    if (!isObj(e) || typeof e.ev !== 'string' || typeof e.t !== 'number') return { ok: false, error: `events[${i}] needs ev (string) and t (number)` };
  }
  const s = v.summary;
  if (!isObj(s) || !Array.isArray(s.areas) || !Array.isArray(s.faults) || !Array.isArray(s.cartridges) || typeof s.needleOnMs !== 'number') {
    return { ok: false, error: 'summary needs areas, faults, cartridges and needleOnMs' };
  }
  return { ok: true, value: v as unknown as SessionExport };
}

/** The EventRecord of an EVT frame's fields (only keys the pen sent). */
export function toEventRecord(f: Readonly<Record<string, unknown>>): EventRecord {
  const e: EventRecord = { t: Number(f.t ?? 0), ev: String(f.ev) };
  for (const k of ['st', 'code', 'id', 'area', 'msg'] as const) if (typeof f[k] === 'string') e[k] = f[k];
  for (const k of ['n', 'on'] as const) if (typeof f[k] === 'number') e[k] = f[k];
  return e;
}

/** A pen state string checked against the catalogue. */
export function asPenState(s: string): PenState | null {
  return STATES.has(s) ? (s as PenState) : null;
}

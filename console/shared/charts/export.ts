/**
 * Exports of a session: telemetry as CSV (one row per TLM frame, raw wire
 * values beside engineering units, with area, skin contact and faults),
 * events and the summary as JSON. Each has a parser that gives the records
 * back, or says which line or field is wrong; parsers never throw.
 */
import { PEN_STATES, type PenState } from '../../../protocol/src/index.js';
import { visible } from '../visible-text.js';
import type { SessionSummary } from './summary.js';
import type { EventRecord, TlmPoint } from './types.js';

/** What a telemetry row's CSV line adds to the frame: the context from the frames around it (row-context.ts). */
export interface CsvContext {
  area: string;
  areaName: string;
  skin: 0 | 1 | null;
  faults: readonly string[];
  setHz: number | null;
}

/** A telemetry frame with its context (none: the context columns stay empty). */
export type CsvRow = TlmPoint & { ctx?: CsvContext };

/**
 * CSV columns in order. Raw wire values (µm, 0.1 °C, as in TLM) stand beside engineering units (mm, Hz, °C);
 * area, skin contact, latched faults and the set rate come from the frames around the row.
 */
export const CSV_COLUMNS = [
  'device_time_ms', 'device_time_s', 'state', 'area', 'area_name', 'skin_contact', 'faults',
  'depth_set_um', 'depth_set_mm', 'depth_measured_um', 'depth_measured_mm', 'depth_error_mm',
  'rate_hz', 'rate_set_hz', 'strokes', 'passes', 'temp_0_1c', 'temp_c', 'battery_pct',
] as const;

/** Header line of the telemetry CSV. */
export const CSV_HEADER = CSV_COLUMNS.join(',');

/** A CSV cell: quoted when it holds a comma, a quote or a line break; control characters made visible. */
function cell(text: string): string {
  const t = visible(text);
  return /[",]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** µm (or 0.1 °C) as a decimal with fixed places, exact for integers. */
function scaled(v: number, div: number, places: number): string {
  return (v / div).toFixed(places);
}

/** One CSV line (no line end) of a frame and its context. */
export function csvLine(r: CsvRow): string {
  const c = r.ctx;
  const err = r.s === 'RUN' ? scaled(r.m - r.d, 1000, 3) : '';
  return [
    r.t, scaled(r.t, 1000, 3), r.s, c ? cell(c.area) : '', c ? cell(c.areaName) : '', c?.skin ?? '', c ? c.faults.join('|') : '',
    r.d, scaled(r.d, 1000, 3), r.m, scaled(r.m, 1000, 3), err,
    r.r, c?.setHz ?? '', r.n, r.p, r.c, scaled(r.c, 10, 1), r.b,
  ].join(',');
}

/** Telemetry as CSV text (LF line ends, trailing LF). */
export function telemetryToCsv(rows: Iterable<CsvRow>): string {
  const out: string[] = [CSV_HEADER];
  for (const r of rows) out.push(csvLine(r));
  return out.join('\n') + '\n';
}

/** Parse result. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A parsed CSV row: the raw frame and its context columns. */
export interface CsvRecord {
  tlm: TlmPoint;
  area: string;
  areaName: string;
  skin: 0 | 1 | null;
  faults: string[];
  setHz: number | null;
}

const STATES = new Set<string>(PEN_STATES);

/** Splits one CSV line into cells (RFC 4180 quotes), or null when a quote is unbalanced. */
function cellsOf(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (i >= line.length) return out;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const c = line.indexOf(',', i);
      out.push(c < 0 ? line.slice(i) : line.slice(i, c));
      if (c < 0) return out;
      i = c + 1;
    }
  }
}

const RAW_COLUMNS: readonly [keyof TlmPoint, (typeof CSV_COLUMNS)[number]][] = [
  ['t', 'device_time_ms'], ['d', 'depth_set_um'], ['m', 'depth_measured_um'], ['r', 'rate_hz'], ['n', 'strokes'],
  ['p', 'passes'], ['c', 'temp_0_1c'], ['b', 'battery_pct'],
];
const INDEX = new Map<string, number>(CSV_COLUMNS.map((c, i) => [c, i]));

/** Parses a telemetry CSV written by telemetryToCsv (CR LF tolerated); the raw columns must be integers. */
export function parseTelemetryCsv(text: string): Parsed<CsvRecord[]> {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').replace(/\r$/, '');
  if (header !== CSV_HEADER) return { ok: false, error: `line 1: expected header "${CSV_HEADER}"` };
  const rows: CsvRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') continue;
    const cells = cellsOf(line);
    if (!cells) return { ok: false, error: `line ${i + 1}: unbalanced quote` };
    if (cells.length !== CSV_COLUMNS.length) return { ok: false, error: `line ${i + 1}: ${cells.length} cells, expected ${CSV_COLUMNS.length}` };
    const state = cells[INDEX.get('state')!]!;
    if (!STATES.has(state)) return { ok: false, error: `line ${i + 1}: state "${state}" is not a pen state` };
    const tlm: Record<string, number | string> = { s: state };
    for (const [key, name] of RAW_COLUMNS) {
      const v = cells[INDEX.get(name)!]!;
      if (!/^-?\d+$/.test(v)) return { ok: false, error: `line ${i + 1}: ${name} "${v}" is not an integer` };
      tlm[key] = Number(v);
    }
    const skin = cells[INDEX.get('skin_contact')!]!;
    const faults = cells[INDEX.get('faults')!]!;
    const setHz = cells[INDEX.get('rate_set_hz')!]!;
    rows.push({
      tlm: { t: tlm.t, s: tlm.s, d: tlm.d, m: tlm.m, r: tlm.r, n: tlm.n, p: tlm.p, c: tlm.c, b: tlm.b } as TlmPoint,
      area: cells[INDEX.get('area')!]!, areaName: cells[INDEX.get('area_name')!]!,
      skin: skin === '1' ? 1 : skin === '0' ? 0 : null, faults: faults ? faults.split('|') : [], setHz: setHz === '' ? null : Number(setHz),
    });
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

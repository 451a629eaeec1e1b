/**
 * Per-kind statistics of the raw lines (the message inspector, after
 * QGroundControl's MAVLink Inspector): count, rate over the last two
 * seconds, the last values and when they came, and a short history of every
 * numeric field so that one can be plotted the moment it is clicked.
 */
import type { WireEntry } from '../terminal/wire-log.js';

/** Window over which a kind's rate is measured, ms. */
export const RATE_WINDOW_MS = 2000;
/** Values kept per numeric field for plotting. */
export const FIELD_HISTORY = 2000;

/** A numeric field's recent values (host time, value), oldest first. */
export interface FieldSeries {
  w: number[];
  v: number[];
}

/** One row of the inspector. */
export interface KindRow {
  /** `in TLM`, `out SET_DEPTH`, `in (undecodable)`. */
  key: string;
  dir: WireEntry['d'];
  kind: string;
  count: number;
  last: WireEntry;
  /** Arrival times within the rate window. */
  recent: number[];
  series: Map<string, FieldSeries>;
}

/** Counts lines per direction and kind. */
export class WireStats {
  readonly rows = new Map<string, KindRow>();
  /** Host time the counting started. */
  since = 0;

  restart(now: number): void {
    this.rows.clear();
    this.since = now;
  }

  add(e: WireEntry): void {
    const key = `${e.d} ${e.kind}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { key, dir: e.d, kind: e.kind, count: 0, last: e, recent: [], series: new Map() };
      this.rows.set(key, row);
    }
    row.count++;
    row.last = e;
    row.recent.push(e.w);
    while (row.recent.length && row.recent[0]! < e.w - RATE_WINDOW_MS) row.recent.shift();
    if (!e.fields) return;
    for (const [k, v] of Object.entries(e.fields)) {
      if (typeof v !== 'number') continue;
      let s = row.series.get(k);
      if (!s) row.series.set(k, (s = { w: [], v: [] }));
      s.w.push(e.w);
      s.v.push(v);
      if (s.w.length > FIELD_HISTORY) {
        s.w.splice(0, s.w.length - FIELD_HISTORY);
        s.v.splice(0, s.v.length - FIELD_HISTORY);
      }
    }
  }

  /** Lines per second of a row at host time `now`, over the rate window (or since counting began, if shorter). */
  rate(row: KindRow, now: number): number {
    const from = Math.max(now - RATE_WINDOW_MS, this.since);
    const n = row.recent.filter((w) => w >= from && w <= now).length;
    const span = Math.max(250, now - from);
    return (n * 1000) / span;
  }
}

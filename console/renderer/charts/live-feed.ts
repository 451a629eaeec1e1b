/**
 * Feeds the charts from the PenApi pushes: every telemetry frame into the
 * ChartStore (which batches re-renders to ≤ 30/s), and the session's summary
 * as the session keeps it (SessionState.summary: built from the pen's frames
 * since this connection started, as a recording's summary is, so it counts
 * from the session's start, not from when this page opened). A new connection
 * (SessionState.connection) starts the charts over. The bench feeds the same
 * store directly.
 */
import type { LogEntry, PenApi, PenPush, SessionState, TlmSample } from '../../shared/index.js';
import { ChartStore, type AreaSummary, type SessionSummary } from '../../shared/charts/index.js';
import { HoverStore, MAX_MARKS, type Mark } from './chart-marks.js';
import type { AreasSource } from './PassesChart.js';

/** The summary of a session that has none yet. */
export const EMPTY_SUMMARY: SessionSummary = { durationMs: 0, needleOnMs: 0, tlmFrames: 0, events: 0, areas: [], faults: [], cartridges: [] };

/** What the charts' controls show of the session: the pen's telemetry bound and rate, a replay's progress. */
export interface FeedMeta {
  /** INFO tmax: the highest telemetry rate the pen takes, Hz. */
  tmax: number | null;
  /** The telemetry rate the pen last accepted, Hz. */
  tlmHz: number | null;
  link: SessionState['link'];
  replay: SessionState['replay'];
}

/** How many entries at the end of the log belong to the current connection (its pen events become markers). */
function eventsSinceConnectEntries(log: readonly LogEntry[]): number {
  let i = log.length - 1;
  while (i >= 0 && !(log[i]!.kind === 'link' && log[i]!.tag === 'CONNECT')) i--;
  return log.length - 1 - i;
}

/** The charts' data for one console window. */
export class LiveFeed {
  readonly store: ChartStore;
  /** The pen's events on the time axis, oldest first. */
  marks: readonly Mark[] = [];
  readonly hover = new HoverStore();
  private metaValue: FeedMeta = { tmax: null, tlmHz: null, link: 'closed', replay: null };
  private readonly metaListeners = new Set<() => void>();
  private setHzValue: number | undefined;
  private connection: number | undefined;
  private summaryValue: SessionSummary = EMPTY_SUMMARY;
  private unsub: (() => void) | null = null;
  private readonly setHzListeners = new Set<() => void>();
  private readonly summaryListeners = new Set<() => void>();
  private areas: AreasSource | null = null;

  constructor(store: ChartStore = new ChartStore()) {
    this.store = store;
  }

  /** Subscribes to the API's pushes; returns the detach function. */
  attach(api: Pick<PenApi, 'subscribe' | 'getSnapshot'>): () => void {
    this.detach();
    // Pushes that arrive before the snapshot wait for it: the history must go in oldest first,
    // or the device-time axis would take the older frames for a pen restart.
    let early: PenPush[] | null = [];
    let snapLog: readonly LogEntry[] = [];
    this.unsub = api.subscribe((p) => (early ? early.push(p) : this.onPush(p)));
    const flush = (history: readonly TlmSample[], lastLogId: number) => {
      const queued = early ?? [];
      early = null;
      const last = history.length ? history[history.length - 1]!.t : -1;
      for (const s of history) this.onPush({ type: 'tlm', sample: s });
      for (const e of snapLog) if (e.id <= lastLogId) this.mark(e);
      for (const p of queued) {
        if (p.type === 'state' || (p.type === 'tlm' && p.sample.t > last) || (p.type === 'log' && p.entry.id > lastLogId)) this.onPush(p);
      }
    };
    void api.getSnapshot().then(
      (snap) => {
        this.onState(snap.state);
        snapLog = snap.log.slice(snap.log.length - eventsSinceConnectEntries(snap.log));
        flush(snap.telemetry, snap.log.length ? snap.log[snap.log.length - 1]!.id : -1);
      },
      () => flush([], -1),
    );
    return () => this.detach();
  }

  detach(): void {
    this.unsub?.();
    this.unsub = null;
  }

  /** Session facts for the charts' controls (useSyncExternalStore with `getMeta`). */
  readonly subscribeMeta = (fn: () => void): (() => void) => {
    this.metaListeners.add(fn);
    return () => this.metaListeners.delete(fn);
  };

  readonly getMeta = (): FeedMeta => this.metaValue;

  /** The set stroke rate from the last state push (for the rate band). */
  get setHz(): number | undefined {
    return this.setHzValue;
  }

  /** Hears when the set stroke rate changes (useSyncExternalStore with `getSetHz`). */
  readonly subscribeSetHz = (fn: () => void): (() => void) => {
    this.setHzListeners.add(fn);
    return () => this.setHzListeners.delete(fn);
  };

  readonly getSetHz = (): number | undefined => this.setHzValue;

  /** Hears when the summary changes (useSyncExternalStore with `summary`). */
  readonly subscribeSummary = (fn: () => void): (() => void) => {
    this.summaryListeners.add(fn);
    return () => this.summaryListeners.delete(fn);
  };

  /** The session's summary as last pushed. */
  readonly summary = (): SessionSummary => this.summaryValue;

  /** Passes per area for the passes chart: a new list only when a count or an area changed. */
  get areasSource(): AreasSource {
    if (!this.areas) {
      let last: readonly AreaSummary[] = [];
      this.areas = {
        subscribe: this.subscribeSummary,
        getSnapshot: () => {
          const now = this.summaryValue.areas;
          if (now.length !== last.length || now.some((a, i) => a.area !== last[i]!.area || a.passes !== last[i]!.passes)) last = now;
          return last;
        },
      };
    }
    return this.areas;
  }

  /** Starts over (new connection, new replay). */
  reset(): void {
    this.store.clear();
    this.setSummary(EMPTY_SUMMARY);
    this.marks = [];
    this.hover.set(null);
  }

  /** A pen event with its device time becomes a marker on the time axis. */
  private mark(e: LogEntry): void {
    if (e.kind !== 'evt' || e.t === undefined) return;
    const m: Mark = { x: this.store.ring.axisOf(e.t), ev: String(e.tag), fault: e.tag === 'FAULT', text: e.text };
    this.marks = this.marks.length >= MAX_MARKS ? [...this.marks.slice(1 - MAX_MARKS), m] : [...this.marks, m];
  }

  onPush(p: PenPush): void {
    if (p.type === 'tlm') this.store.push(p.sample);
    else if (p.type === 'state') this.onState(p.state);
    else if (p.type === 'log') this.mark(p.entry);
  }

  private onState(s: SessionState): void {
    // Another connection is another pen (or replay): its trace must not continue the last one's.
    if (s.connection !== this.connection) {
      if (this.connection !== undefined) this.reset();
      this.connection = s.connection;
    }
    const m = this.metaValue;
    const tmax = s.info?.tmax ?? null;
    const tlmHz = s.tlmHz ?? null;
    const replay = s.replay ?? null;
    if (m.tmax !== tmax || m.tlmHz !== tlmHz || m.link !== s.link || m.replay !== replay) {
      // A seek within a replay starts its charts over too.
      if (m.replay && replay && m.replay.epoch !== replay.epoch) this.reset();
      this.metaValue = { tmax, tlmHz, link: s.link, replay };
      for (const fn of this.metaListeners) fn();
    }
    if (s.info?.hz !== this.setHzValue) {
      this.setHzValue = s.info?.hz;
      for (const fn of this.setHzListeners) fn();
    }
    if (s.summary && s.summary !== this.summaryValue) this.setSummary(s.summary);
  }

  private setSummary(v: SessionSummary): void {
    this.summaryValue = v;
    for (const fn of this.summaryListeners) fn();
  }
}

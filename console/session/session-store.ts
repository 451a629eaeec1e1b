/**
 * What a session keeps for its front ends: the latest state, a bounded
 * telemetry ring and event log, and the pushes to subscribers.
 *
 * Telemetry is pushed sample by sample as it arrives (the bridge and IPC
 * batch it). State pushes are coalesced: at most one per `minPushMs` (default
 * 50 ms, so ≤ 20 a second however many frames arrive), and a telemetry frame
 * asks for one only when it changed something besides the latest reading
 * (the pen's state, a fault): front ends take the latest reading from the
 * telemetry pushes. The link figures are refreshed when the session asks
 * (once a second), not per push: their round-trip percentiles sort a window.
 */
import type { LinkStats, LogEntry, LogKind, PenPush, SessionSnapshot, SessionState, TlmSample } from '../shared/index.js';
import { initialState } from './session-state.js';

type Listener = (p: PenPush) => void;

/** Options of a SessionStore. */
export interface SessionStoreOptions {
  /** Telemetry samples and log entries kept. */
  telemetry: number;
  log: number;
  /** Least time between two state pushes, ms (default 50). */
  minPushMs?: number;
}

/** Buffers and pushes of one PenSession. */
export class SessionStore {
  state: SessionState = initialState();
  /** Called right before each state push (the session refreshes derived figures there). */
  beforePush: (() => void) | null = null;
  private ring: TlmSample[] = [];
  private head = 0;
  private log: LogEntry[] = [];
  private nextLogId = 1;
  private readonly listeners = new Set<Listener>();
  private pushTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPush = Number.NEGATIVE_INFINITY;
  private readonly minPushMs: number;

  constructor(
    private readonly limits: SessionStoreOptions,
    /** Fresh link figures, or null when there is no client. */
    private readonly stats: () => LinkStats | null,
  ) {
    this.minPushMs = limits.minPushMs ?? 50;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): SessionSnapshot {
    this.refreshStats(false);
    this.beforePush?.();
    return { state: structuredClone(this.state), telemetry: this.telemetry(), log: this.log.slice() };
  }

  /** The telemetry kept, oldest first. */
  telemetry(): TlmSample[] {
    return this.ring.length < this.limits.telemetry ? this.ring.slice() : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }

  /** Starts a new connection's state; the log is kept (it tells the story across connections). */
  reset(state: SessionState): void {
    this.state = state;
    this.ring = [];
    this.head = 0;
    this.schedulePush();
  }

  /** One telemetry frame; `changed`: it changed the state beyond the latest reading, so a state push is due. */
  addTelemetry(sample: TlmSample, changed = false): void {
    if (this.ring.length < this.limits.telemetry) this.ring.push(sample);
    else {
      this.ring[this.head] = sample;
      this.head = (this.head + 1) % this.limits.telemetry;
    }
    this.emit({ type: 'tlm', sample });
    if (changed) this.schedulePush();
  }

  /** One log line; `t` the device time of a pen event. */
  addLog(kind: LogKind, tag: string, text: string, t?: number): void {
    const entry: LogEntry = { id: this.nextLogId++, host: Date.now(), ...(t === undefined ? {} : { t }), kind, tag, text };
    if (this.log.length >= this.limits.log) this.log.splice(0, this.log.length - this.limits.log + 1);
    this.log.push(entry);
    this.emit({ type: 'log', entry });
    this.schedulePush();
  }

  /** Takes fresh link figures into the state; `push`: and pushes it. */
  refreshStats(push = true): void {
    const s = this.stats();
    if (s) this.state.stats = s;
    if (push) this.schedulePush();
  }

  /** Pushes the state once the current macrotask is done, and no sooner than `minPushMs` after the last push. */
  schedulePush(): void {
    if (this.pushTimer) return;
    const wait = Math.max(0, this.lastPush + this.minPushMs - performance.now());
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.lastPush = performance.now();
      this.beforePush?.();
      this.emit({ type: 'state', state: structuredClone(this.state) });
    }, wait);
  }

  /** Pushes the state at once, ahead of anything the current task emits next (a replay seek: the charts start over first). */
  pushStateNow(): void {
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    this.refreshStats(false);
    this.lastPush = performance.now();
    this.beforePush?.();
    this.emit({ type: 'state', state: structuredClone(this.state) });
  }

  /** Drops the telemetry kept for a page that attaches (a replay jumped: what was kept is from elsewhere in it). */
  clearTelemetry(): void {
    this.ring = [];
    this.head = 0;
  }

  /** Pushes at once, ahead of the next state push (raw-line batches). */
  pushNow(p: PenPush): void {
    this.emit(p);
  }

  /** Drops subscribers and a pending push (process exit). */
  close(): void {
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    this.listeners.clear();
  }

  private emit(p: PenPush): void {
    for (const l of this.listeners) {
      try {
        l(p);
      } catch {
        // One broken front end must not stop the others.
      }
    }
  }
}

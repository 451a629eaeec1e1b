/**
 * What a session keeps for its front ends: the latest state, a bounded
 * telemetry buffer and event log, and the pushes to subscribers (state pushes
 * coalesced to one per macrotask, however many frames arrived).
 */
import type { LinkStats, LogEntry, LogKind, PenPush, SessionSnapshot, SessionState, TlmSample } from '../shared/index.js';
import { initialState } from './session-state.js';

type Listener = (p: PenPush) => void;

/** Buffers and pushes of one PenSession. */
export class SessionStore {
  state: SessionState = initialState();
  private telemetry: TlmSample[] = [];
  private log: LogEntry[] = [];
  private nextLogId = 1;
  private readonly listeners = new Set<Listener>();
  private pushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly limits: { telemetry: number; log: number },
    /** Fresh link figures at push time, or null when there is no client. */
    private readonly stats: () => LinkStats | null,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): SessionSnapshot {
    return { state: structuredClone(this.state), telemetry: this.telemetry.slice(), log: this.log.slice() };
  }

  /** Starts a new connection's state; the log is kept (it tells the story across connections). */
  reset(state: SessionState): void {
    this.state = state;
    this.telemetry = [];
    this.schedulePush();
  }

  addTelemetry(sample: TlmSample): void {
    if (this.telemetry.length >= this.limits.telemetry) this.telemetry.splice(0, this.telemetry.length - this.limits.telemetry + 1);
    this.telemetry.push(sample);
    this.emit({ type: 'tlm', sample });
    this.schedulePush();
  }

  /** One log line; `t` the device time of a pen event. */
  addLog(kind: LogKind, tag: string, text: string, t?: number): void {
    const entry: LogEntry = { id: this.nextLogId++, host: Date.now(), ...(t === undefined ? {} : { t }), kind, tag, text };
    if (this.log.length >= this.limits.log) this.log.splice(0, this.log.length - this.limits.log + 1);
    this.log.push(entry);
    this.emit({ type: 'log', entry });
    this.schedulePush();
  }

  /** Pushes the state once the current macrotask is done. */
  schedulePush(): void {
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      const s = this.stats();
      if (s) this.state.stats = s;
      this.emit({ type: 'state', state: structuredClone(this.state) });
    }, 0);
  }

  /** Pushes the state at once, ahead of anything the current task emits next (a replay seek: the charts start over first). */
  pushStateNow(): void {
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    const s = this.stats();
    if (s) this.state.stats = s;
    this.emit({ type: 'state', state: structuredClone(this.state) });
  }

  /** Drops the telemetry kept for a page that attaches (a replay jumped: what was kept is from elsewhere in it). */
  clearTelemetry(): void {
    this.telemetry = [];
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

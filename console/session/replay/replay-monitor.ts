/**
 * Turns a ReplayTransport's progress (one callback per burst of lines: every
 * 500 lines at full speed, every 20 ms at 1×) into at most one session-state
 * update per `minIntervalMs` (default 250 ms, ≤ 4/s), plus one immediately
 * when the last line has been played. The trailing update is kept so the
 * figures shown are never older than one interval.
 */
import { systemClock, type Clock, type TimerHandle, type TransportFactory } from '../../../protocol/src/index.js';
import type { ReplaySpeedChoice, ReplayStatus } from '../../shared/charts/index.js';
import { ReplayTransport } from './replay-transport.js';

/** Options of a ReplayMonitor. */
export interface ReplayMonitorOptions {
  clock?: Clock;
  /** Least time between two updates before the end, ms (default 250). */
  minIntervalMs?: number;
}

/** The session's view of a replay's progress. */
export function replayStatusOf(t: ReplayTransport): ReplayStatus {
  const p = t.progress;
  return {
    name: t.source.name, speed: t.speed as ReplaySpeedChoice, playedLines: p.played, totalLines: p.total,
    deviceMs: p.deviceMs, totalDeviceMs: p.totalDeviceMs, done: p.done, paused: p.paused, epoch: p.epoch, setHz: p.setHz,
  };
}

/** Watches one replay transport; `onUpdate(status, finished)` gets `finished` true exactly once, with the last line. */
export class ReplayMonitor {
  private readonly clock: Clock;
  private readonly minIntervalMs: number;
  private lastAt = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | null = null;
  private finished = false;
  private readonly unsub: () => void;

  constructor(
    readonly transport: ReplayTransport,
    private readonly onUpdate: (status: ReplayStatus, finished: boolean) => void,
    opts: ReplayMonitorOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.minIntervalMs = opts.minIntervalMs ?? 250;
    this.unsub = transport.onProgress((p) => this.onProgress(p.done));
    this.emit();
  }

  /** Reports the status now (a control changed it). */
  now(): void {
    this.cancel();
    this.emit();
  }

  /** The current status. */
  get status(): ReplayStatus {
    return replayStatusOf(this.transport);
  }

  /** Stops watching (disconnect, another target). */
  stop(): void {
    this.unsub();
    this.cancel();
  }

  private onProgress(done: boolean): void {
    if (done) {
      this.cancel();
      // "finished" is said once; reaching the end again after a seek back only updates the figures.
      const first = !this.finished;
      this.finished = true;
      this.emit(first);
      return;
    }
    if (this.timer !== null) return;
    const wait = this.lastAt + this.minIntervalMs - this.clock.now();
    if (wait <= 0) this.emit();
    else {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.emit();
      }, wait);
    }
  }

  private emit(first = false): void {
    this.lastAt = this.clock.now();
    const s = this.status;
    this.onUpdate(s, s.done && first);
  }

  private cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

/** Wraps a transport factory so `onReplay` sees every ReplayTransport it hands out (the same one again on a reconnect). */
export function watchReplayFactory(factory: TransportFactory, onReplay: (t: ReplayTransport) => void): TransportFactory {
  return async () => {
    const t = await factory();
    if (t instanceof ReplayTransport) onReplay(t);
    return t;
  };
}

/**
 * Keeps a ready link alive and notices when it is not: every period it
 * declares the link lost after `silenceMs` without a valid frame from the pen,
 * and otherwise sends a heartbeat PING, so the pen's 500 ms lease (SR-11)
 * never runs out while the host is connected.
 *
 * A tick that comes much later than scheduled means the host stalled (a
 * blocked event loop, a paused process): the pen's frames of that time are
 * still unread in the OS buffer, so the stall is not counted as the pen's
 * silence — declaring the link lost would close the port and discard them.
 */
import type { Clock, TimerHandle } from '../util/clock.js';

/** What the liveness timer needs from its client. */
export interface LivenessHooks {
  /** Still worth ticking (the link is ready). */
  isReady(): boolean;
  /** Client time of the last valid frame from the pen. */
  lastRx(): number;
  /** The pen fell silent for too long. */
  onSilent(reason: string): void;
  /** Send one heartbeat. */
  ping(): void;
  /** The host was stalled for `ms` (counted; not the pen's fault). */
  onStall?(ms: number): void;
}

/** The heartbeat and silence timer of a ready link. */
export class Liveness {
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly heartbeatMs: number,
    private readonly silenceMs: number,
    private readonly hooks: LivenessHooks,
  ) {}

  /** Tick every heartbeat period (or a quarter of the silence limit without heartbeats) until stopped. */
  start(): void {
    this.stop();
    const period = this.heartbeatMs > 0 ? this.heartbeatMs : this.silenceMs > 0 ? this.silenceMs / 4 : 0;
    if (period <= 0) return;
    let due = this.clock.now() + period;
    // Silence is counted from here at the earliest: the end of the last host stall.
    let resumedAt = Number.NEGATIVE_INFINITY;
    const tick = () => {
      this.timer = null;
      if (!this.hooks.isReady()) return;
      const now = this.clock.now();
      const late = now - due;
      if (late > period) {
        resumedAt = now;
        this.hooks.onStall?.(late);
      }
      const heard = Math.max(this.hooks.lastRx(), resumedAt);
      if (this.silenceMs > 0 && now - heard > this.silenceMs) {
        this.hooks.onSilent(`no valid frame from the pen for ${this.silenceMs} ms`);
        return;
      }
      // SR-11: a well-formed host command renews the pen's lease; a PING is the smallest.
      if (this.heartbeatMs > 0) this.hooks.ping();
      due = now + period;
      this.timer = this.clock.setTimeout(tick, period);
    };
    this.timer = this.clock.setTimeout(tick, period);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

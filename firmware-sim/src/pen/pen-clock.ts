/**
 * The pen's time base: an XState SimulatedClock carries the one-shot timers
 * (boot, cartridge read, power cycle); the physics loop moves time forward and
 * brings the SimulatedClock up to date only when a timer is set or due, so a
 * 1 ms physics step costs no timer bookkeeping.
 */
import { SimulatedClock } from 'xstate';

/** Pen time plus timers. */
export class PenClock {
  readonly sim = new SimulatedClock();
  /** Pen time, ms. */
  t = 0;
  private dues: number[] = [];
  private nextDue = Infinity;

  /** Run `fn` after `ms` of pen time. */
  later(fn: () => void, ms: number): void {
    this.sim.set(this.t);
    this.sim.setTimeout(fn, ms);
    this.dues.push(this.t + ms);
    this.nextDue = Math.min(this.nextDue, this.t + ms);
  }

  /** Move time forward by dt ms, firing timers that fall due. */
  tick(dt: number): void {
    this.t += dt;
    if (this.t < this.nextDue) return;
    this.dues = this.dues.filter((d) => d > this.t);
    this.nextDue = this.dues.length > 0 ? Math.min(...this.dues) : Infinity;
    this.sim.set(this.t);
  }
}

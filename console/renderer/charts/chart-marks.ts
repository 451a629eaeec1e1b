/**
 * What the charts draw over the series: the pen's events and faults as
 * markers at their device time, and the hover cursor shared by every chart
 * (one time under the mouse, a readout of the frame there).
 */

/** A pen event on the time axis. */
export interface Mark {
  /** Axis time (the charts' unwrapped device time), ms. */
  x: number;
  ev: string;
  fault: boolean;
  /** The event-log text, for the marker's tooltip. */
  text: string;
}

/** Markers kept (the oldest go first; the charts' history is 10 minutes). */
export const MAX_MARKS = 2000;

/** The hovered axis time, shared by the charts (useSyncExternalStore). */
export class HoverStore {
  private x: number | null = null;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  readonly get = (): number | null => this.x;

  set(x: number | null): void {
    if (x === this.x) return;
    this.x = x;
    for (const l of this.listeners) l();
  }
}

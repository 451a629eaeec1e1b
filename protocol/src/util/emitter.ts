/**
 * A tiny typed event emitter for code shared by Node and the browser (no
 * `node:events` here). Events carry one payload; `on` returns an unsubscribe.
 */

/** Typed emitter over a map of event name → payload type. */
export class Emitter<E extends object> {
  private readonly listeners = new Map<keyof E, Set<(payload: never) => void>>();

  /** Subscribe; returns the function that unsubscribes. */
  on<K extends keyof E>(event: K, fn: (payload: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(fn as (payload: never) => void);
    return () => this.off(event, fn);
  }

  /** Unsubscribe a listener given to `on`. */
  off<K extends keyof E>(event: K, fn: (payload: E[K]) => void): void {
    this.listeners.get(event)?.delete(fn as (payload: never) => void);
  }

  /** Deliver a payload to every listener of an event. */
  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as (p: E[K]) => void)(payload);
      } catch (err) {
        // A faulty listener must not break the link that called it; surface it
        // asynchronously so it is still reported as an uncaught error.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  /** Number of listeners of an event (for tests and leak checks). */
  listenerCount(event: keyof E): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

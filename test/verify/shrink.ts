/**
 * Shrinking a failing action list to a small one that still fails the same
 * way: cut after the failing action, delete chunks of actions (delta
 * debugging, halving the chunk size), then simplify what is left (shorter
 * waits, fewer PINGs, fewer jitter rounds), and repeat until nothing helps
 * or the budget is spent.
 */
import type { Action } from './actions.js';

/**
 * Runs a candidate; returns null if it passed, else the steps it ran up to and
 * including the one that failed (a candidate is replaced by what it did, so the
 * step that failed ends the list and a wait ends where the failure came).
 */
export type FailsAt = (actions: readonly Action[]) => Action[] | null;

/** How much shrinking may cost. */
export interface ShrinkBudget {
  maxRuns: number;
  /** Wall-clock deadline (Date.now() value). */
  deadline: number;
}

/** Smaller variants of one action, simplest first. */
function simpler(x: Action): Action[] {
  switch (x.a) {
    case 'wait': {
      const out: Action[] = [];
      if (x.ping > 0) out.push({ ...x, ping: 0 });
      if (x.junk !== undefined) out.push({ ms: x.ms, ping: x.ping, a: 'wait' });
      if (x.ms > 1) out.push({ ...x, ms: Math.ceil(x.ms / 2) }, { ...x, ms: x.ms - 1 });
      if (x.ping > 0 && x.ping < x.ms) out.push({ ...x, ping: Math.min(x.ms, x.ping * 2) });
      return out;
    }
    case 'jitter': {
      const out: Action[] = [];
      if (x.n > 1) out.push({ ...x, n: Math.ceil(x.n / 2) }, { ...x, n: x.n - 1 });
      if (x.ping > 0) out.push({ ...x, ping: 0 });
      if (x.every > 1) out.push({ ...x, every: Math.ceil(x.every / 2) });
      return out;
    }
    case 'replay':
    case 'echo':
    case 'reuse':
      return x.back > 0 ? [{ ...x, back: 0 }] : [];
    default:
      return [];
  }
}

/** Shrink `actions` (the steps of a failing run, up to the failure) while `failsAt` still reports a failure. */
export function shrink(actions: readonly Action[], failsAt: FailsAt, budget: ShrinkBudget): { actions: Action[]; runs: number } {
  let best = actions.slice();
  let runs = 0;
  const tryCandidate = (c: Action[]): boolean => {
    if (runs >= budget.maxRuns || Date.now() > budget.deadline) return false;
    runs++;
    const ran = failsAt(c);
    if (ran === null) return false;
    best = ran;
    return true;
  };
  let progress = true;
  while (progress && runs < budget.maxRuns && Date.now() <= budget.deadline) {
    progress = false;
    for (let size = Math.max(1, best.length >> 1); size >= 1; size = size === 1 ? 0 : Math.max(1, size >> 1)) {
      for (let i = 0; i + size <= best.length; ) {
        if (tryCandidate([...best.slice(0, i), ...best.slice(i + size)])) progress = true;
        else i += size;
      }
    }
    for (let i = 0; i < best.length; i++) {
      for (const s of simpler(best[i]!)) {
        if (tryCandidate([...best.slice(0, i), s, ...best.slice(i + 1)])) {
          progress = true;
          break;
        }
      }
    }
  }
  return { actions: best, runs };
}

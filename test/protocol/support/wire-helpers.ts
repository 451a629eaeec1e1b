/** Small helpers of the PenClient tests: a clock on the (fake-able) global timers, and a line's kind and seq. */
import { decodeLine, type Clock } from '../../../protocol/src/index.js';

/** A Clock on Date.now and the global timers, so vitest's fake timers drive it. */
export const globalTimersClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** The kind of a wire line, or null when it does not decode. */
export function kindOf(line: string): string | null {
  const r = decodeLine(line);
  return r.ok ? r.msg.kind : null;
}

/** The seq of a wire line, or -1 when it does not decode. */
export function seqOf(line: string): number {
  const r = decodeLine(line);
  return r.ok ? r.msg.seq : -1;
}

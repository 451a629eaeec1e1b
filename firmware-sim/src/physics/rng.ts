/** A tiny seeded PRNG (mulberry32) whose state is a plain number, so physics stays pure and runs are reproducible by seed. */

/** Next state and a float in [0, 1). */
export function nextRandom(state: number): [number, number] {
  const s = (state + 0x6d2b79f5) | 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [s, ((t ^ (t >>> 14)) >>> 0) / 4294967296];
}

/** A stateful convenience wrapper for code that is not required to be pure (nonces, TX faults). */
export class Rng {
  constructor(private state: number) {}

  /** A float in [0, 1). */
  next(): number {
    const [s, v] = nextRandom(this.state);
    this.state = s;
    return v;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Round-trip times over a bounded window, with percentiles for the stats. */

/** Keeps the last `size` samples. */
export class RttWindow {
  private readonly buf: number[] = [];
  private next = 0;
  private total = 0;

  constructor(private readonly size = 1024) {}

  /** Add one sample (ms). */
  add(ms: number): void {
    if (this.buf.length < this.size) this.buf.push(ms);
    else this.buf[this.next] = ms;
    this.next = (this.next + 1) % this.size;
    this.total++;
  }

  /** Samples ever added. */
  get count(): number {
    return this.total;
  }

  /** The p-th percentile (0..100, nearest rank) of the window, or null without samples. */
  percentile(p: number): number | null {
    if (this.buf.length === 0) return null;
    const sorted = [...this.buf].sort((x, y) => x - y);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank]!;
  }

  /** Forget every sample. */
  clear(): void {
    this.buf.length = 0;
    this.next = 0;
    this.total = 0;
  }
}

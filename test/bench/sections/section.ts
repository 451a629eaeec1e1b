/** One section of `npm run bench`: prints its own lines, returns its figures (merged into one JSON object). */
export interface BenchSection {
  name: string;
  run(): Promise<Record<string, number>>;
}

/** Median of a few repetitions, so one noisy run on a shared CPU does not decide the figure. */
export async function medianOf(reps: number, once: () => Promise<number> | number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) xs.push(await once());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)]!;
}

/** A number for humans: 1 234 567. */
export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * The telemetry a console received, from its session recording: every TLM
 * line in, with its device time `t`, stroke count `n` and host arrival `w`.
 * The bench compares what reached the page with it, and dates each frame's
 * emission by the pen: device time plus the smallest host-minus-device offset
 * seen (the frame that crossed the link fastest), so pen→pixel latency
 * includes the serial link and everything after it.
 */
import { readFileSync } from 'node:fs';

/** TLM frames of one recording, in arrival order. */
export interface RecordedFrames {
  t: number[];
  n: number[];
  w: number[];
  /** Wall ms at which the pen sent the frame of device time `t` (t + offset). */
  emitted(t: number): number;
  /** Device time of the first frame with stroke count `n`, or undefined. */
  firstWithStrokes(n: number): number | undefined;
}

const TLM = /^\$\d+ TLM t=(\d+) .*?\bn=(\d+)\b/;

/** Reads the TLM lines of a recording (JSON Lines, console/docs/recording-format.md). */
export function recordedFrames(file: string): RecordedFrames {
  const t: number[] = [];
  const n: number[] = [];
  const w: number[] = [];
  let offset = Infinity;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('TLM')) continue;
    let rec: { d?: string; l?: string; w?: number };
    try {
      rec = JSON.parse(line) as typeof rec;
    } catch {
      continue;
    }
    const m = rec.d === 'in' && rec.l ? TLM.exec(rec.l) : null;
    if (!m || rec.w === undefined) continue;
    const tt = Number(m[1]);
    t.push(tt);
    n.push(Number(m[2]));
    w.push(rec.w);
    offset = Math.min(offset, rec.w - tt);
  }
  const byStrokes = new Map<number, number>();
  for (let i = 0; i < n.length; i++) if (!byStrokes.has(n[i]!)) byStrokes.set(n[i]!, t[i]!);
  return { t, n, w, emitted: (tt) => tt + offset, firstWithStrokes: (k) => byStrokes.get(k) };
}

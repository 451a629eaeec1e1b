/** Every played line of a replay source whose blocks are read at once (a text source), for comparisons. */
import type { ReplaySource } from '../../../../console/session/replay/index.js';

/** The lines of `src` in order, with their host and device times. */
export function allReplayLines(src: ReplaySource): { lines: string[]; times: number[]; device: number[] } {
  const out = { lines: [] as string[], times: [] as number[], device: [] as number[] };
  for (let b = 0; b < src.lines.count; b++) {
    const blk = src.lines.get(b);
    if (!blk) throw new Error(`block ${b} of ${src.name} is not in memory: ${src.lines.failure ?? 'still being read'}`);
    out.lines.push(...blk.lines);
    out.times.push(...blk.times);
    out.device.push(...blk.device);
  }
  return out;
}

/**
 * Writes a long recording fast, for tests that need a big file rather than a
 * realistic session: 200 Hz telemetry frames (real frames, real CRCs) in the
 * recorder's format, streamed to disk in blocks. One hour is 720 000 frames,
 * ~88 MB, in about two seconds.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { encode, type Message } from '../../../protocol/src/index.js';

/** Writes `durationMs` of `hz` telemetry to `path`; returns the number of TLM frames. */
export function writeTelemetryRecording(path: string, durationMs = 3_600_000, hz = 200): number {
  const fd = openSync(path, 'w');
  const w0 = Date.UTC(2026, 10, 21, 9);
  let block: string[] = [JSON.stringify({ type: 'start', format: 1, wall: w0, target: 'sim', console: 'penbench' })];
  let n = 0;
  try {
    for (let t = 0; t < durationMs; t += 1000 / hz, n++) {
      const ms = Math.round(t);
      const fields = { t: ms, s: 'RUN', d: 1000, m: 990 + (n % 20), r: 120, n: n * 2, p: 1 + Math.floor(ms / 600_000), c: 312, b: 87 };
      const line = encode({ seq: n & 0xffff, kind: 'TLM', fields } as unknown as Message).trimEnd();
      block.push(`{"w":${w0 + ms},"t":${ms},"d":"in","l":"${line}"}`);
      if (block.length >= 10_000) {
        writeSync(fd, block.join('\n') + '\n');
        block = [];
      }
    }
    block.push(JSON.stringify({ type: 'end', wall: w0 + durationMs, lines: n }));
    writeSync(fd, block.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return n;
}

/**
 * Child process of the replay bench's memory figures (run with --expose-gc, one
 * case per process so nothing of another case stays on the heap). Argument 1:
 * `streamed` (the replay as the console does it: the index, then a full-speed
 * replay reading blocks from the file) or `packed` (the baseline: what a replay
 * held before, every played line packed in one buffer with per-line host time,
 * device time and set rate, as the removed packed-lines.ts built it, beside the
 * same answers and events). Argument 2: the recording. Prints one JSON line:
 * bytes held (V8 heap + buffers, after a full GC) once prepared and at most
 * while playing, and the same for RSS.
 */
import { writeSync } from 'node:fs';
import { AxisUnwrapper } from '../../../console/shared/charts/index.js';
import {
  ANSWER_KINDS, kindOf, readRecordingFile, replayIndexOfFile, replaySourceFromFile, ReplayTransport, tlmTime,
} from '../../../console/session/replay/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [mode, path] = process.argv.slice(2);
if ((mode !== 'streamed' && mode !== 'packed') || !path) throw new Error('usage: replay-memory-child streamed|packed <recording>');

function held(): { bytes: number; rss: number } {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { bytes: m.heapUsed + m.external, rss: m.rss };
}

/** The replay data of before: lines packed in one growing buffer, four numbers per line beside them. */
async function packed(file: string): Promise<unknown> {
  let bytes = new Uint8Array(1 << 16);
  let offsets = new Float64Array(1024);
  let times: number[] = [];
  let device: number[] = [];
  let setHz: number[] = [];
  let n = 0;
  let used = 0;
  const axis = new AxisUnwrapper();
  let device0: number | null = null;
  let now = 0;
  await readRecordingFile(file, (d, line, w) => {
    if (d !== 'in') return;
    const kind = kindOf(line);
    if (ANSWER_KINDS.has(kind)) return;
    if (kind === 'TLM') {
      const t = tlmTime(line);
      if (Number.isFinite(t)) {
        const x = axis.map(t);
        device0 ??= x;
        now = x - device0;
      }
    }
    const need = Buffer.byteLength(line, 'utf8');
    if (used + need > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, used + need));
      grown.set(bytes.subarray(0, used));
      bytes = grown;
    }
    if (n + 2 > offsets.length) {
      const grown = new Float64Array(offsets.length * 2);
      grown.set(offsets);
      offsets = grown;
    }
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).write(line, used, 'utf8');
    offsets[n] = used;
    used += need;
    offsets[++n] = used;
    times.push(w);
    device.push(now);
    setHz.push(NaN);
  });
  const out = {
    bytes: bytes.slice(0, used), offsets: offsets.slice(0, n + 1), times: Float64Array.from(times), device: Float64Array.from(device),
    setHz: Float32Array.from(setHz), index: await replayIndexOfFile(file),
  };
  times = device = setHz = [];
  return out;
}

const base = held();
let kept: unknown;
let prepared = { bytes: 0, rss: 0 };
let playing = { bytes: 0, rss: 0 };
let lines = 0;
if (mode === 'packed') {
  kept = await packed(path);
  prepared = held();
  playing = prepared;
} else {
  const src = await replaySourceFromFile(path, 'bench');
  kept = src;
  prepared = held();
  const t = new ReplayTransport(src, { speed: 'full' });
  t.on('line', () => lines++);
  const marks = [0.25, 0.5, 0.75, 0.999].map((f) => Math.floor(f * src.total));
  await new Promise<void>((resolve, reject) => {
    t.onProgress((p) => {
      if (p.played >= marks[0]!) {
        marks.shift();
        const h = held();
        playing = { bytes: Math.max(playing.bytes, h.bytes), rss: Math.max(playing.rss, h.rss) };
      }
      if (p.done) resolve();
    });
    t.on('error', (e) => reject(new Error(e.message)));
    void t.open().then((r) => (r.ok ? undefined : reject(new Error(r.error.message))));
  });
  if (lines !== src.total) throw new Error(`played ${lines} of ${src.total} lines`);
  await t.close();
}
writeSync(1, `${JSON.stringify({
  preparedBytes: prepared.bytes - base.bytes, playingBytes: playing.bytes - base.bytes, preparedRss: prepared.rss - base.rss, playingRss: playing.rss - base.rss, lines,
  kept: kept !== undefined,
})}\n`);

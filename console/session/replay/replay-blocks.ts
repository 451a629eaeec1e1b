/**
 * A replay's lines, read from the recording block by block as the replay
 * reaches them (the blocks of replay-index.ts): only the blocks asked to be
 * held stay in memory — the one playing, the one before it and a short read
 * ahead — so a replay's memory does not grow with the recording. A file is
 * read asynchronously (libuv's threads): the thread that owns the link never
 * waits on the disk; a block's ~100 KB are cut into lines when they arrive.
 * A block that does not match the index (the file changed since it was
 * indexed) fails the replay with a clear reason instead of playing wrong lines.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { AxisUnwrapper } from '../../shared/charts/index.js';
import { forEachLineIn } from './byte-lines.js';
import { readRecordLine, emptyStats } from './recording-reader.js';
import { ANSWER_KINDS, kindOf, tlmTime, type ReplayIndex } from './replay-index.js';

/** The played lines of one block, with their host and device times. */
export interface ReplayBlock {
  /** Index of the first line. */
  first: number;
  lines: string[];
  times: Float64Array;
  device: Float64Array;
}

/** Reads bytes [start, end) of the recording: at once (text in memory) or later (a file). */
export type ReadRange = (start: number, end: number) => Buffer | Promise<Buffer>;

/** Cuts block `b`'s bytes into its played lines; throws when they do not match the index. */
export function parseBlock(index: ReplayIndex, b: number, bytes: Buffer): ReplayBlock {
  const { blocks } = index;
  const first = blocks.first[b]!;
  const count = blocks.first[b + 1]! - first;
  const lines: string[] = [];
  const times = new Float64Array(count);
  const device = new Float64Array(count);
  const axis = new AxisUnwrapper().restore([blocks.axis[3 * b]!, blocks.axis[3 * b + 1]!, blocks.axis[3 * b + 2]!]);
  let deviceNow = blocks.carry[b]!;
  const stats = emptyStats();
  forEachLineIn(bytes, (raw) => {
    readRecordLine(raw, (d, line, w) => {
      if (d !== 'in') return;
      const kind = kindOf(line);
      if (ANSWER_KINDS.has(kind)) return;
      if (kind === 'TLM') {
        const dt = tlmTime(line);
        if (Number.isFinite(dt)) deviceNow = axis.map(dt) - index.device0;
      }
      const k = lines.length;
      if (k < count) {
        times[k] = w;
        device[k] = deviceNow;
      }
      lines.push(line);
    }, stats);
  });
  if (lines.length !== count || (count > 0 && times[0] !== blocks.w0[b])) {
    throw new Error(`${index.name} changed since the replay started (block ${b} holds ${lines.length} pen lines, ${count} expected)`);
  }
  return { first, lines, times, device };
}

/** Holds the blocks of one replay that are in use, reading the missing ones. */
export class ReplayBlocks {
  private readonly held = new Map<number, ReplayBlock>();
  private readonly reading = new Set<number>();
  private wanted: [number, number] = [0, -1];
  /** Blocks asked for by get() (a seek looking for its target) since the last hold(): kept when they arrive. */
  private readonly asked = new Set<number>();
  private readyFn: (() => void) | null = null;
  /** Why reading failed (the replay cannot go on), or null. */
  failure: string | null = null;
  /** Blocks read so far (a block read again after it was let go counts again). */
  reads = 0;
  /** Most blocks held at once. */
  maxHeld = 0;

  constructor(readonly index: ReplayIndex, private readonly read: ReadRange) {}

  /** Blocks being read now. */
  get pending(): number {
    return this.reading.size;
  }

  /** Number of blocks. */
  get count(): number {
    return this.index.blocks.first.length - 1;
  }

  /** The block holding line `i` (the last block for i past the end). */
  blockOf(i: number): number {
    const first = this.index.blocks.first;
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (first[mid + 1]! <= i) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(0, this.count - 1));
  }

  /** Block `b` if it is in memory, else null (it is then being read, and `onReady` will be called). */
  get(b: number): ReplayBlock | null {
    const got = this.held.get(b);
    if (got) return got;
    this.asked.add(b);
    this.load(b);
    return this.held.get(b) ?? null;
  }

  /** Block `b` if it is in memory, without reading it. */
  peek(b: number): ReplayBlock | null {
    return this.held.get(b) ?? null;
  }

  /** Keeps blocks from..to (read now if missing), lets the others go. */
  hold(from: number, to: number): void {
    from = Math.max(0, from);
    to = Math.min(this.count - 1, to);
    this.wanted = [from, to];
    this.asked.clear();
    for (const b of this.held.keys()) if (b < from || b > to) this.held.delete(b);
    for (let b = from; b <= to; b++) this.load(b);
  }

  /** Lets every block go (a closed replay). */
  release(): void {
    this.wanted = [0, -1];
    this.asked.clear();
    this.held.clear();
  }

  /** Called when a block that was being read arrives (or reading failed). */
  onReady(fn: () => void): void {
    this.readyFn = fn;
  }

  private load(b: number): void {
    if (this.held.has(b) || this.reading.has(b) || this.failure !== null || b < 0 || b >= this.count) return;
    const { starts } = this.index.blocks;
    let got: Buffer | Promise<Buffer>;
    try {
      got = this.read(starts[b]!, starts[b + 1]!);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (!(got instanceof Promise)) {
      this.take(b, got);
      return;
    }
    this.reading.add(b);
    got.then(
      (bytes) => {
        this.reading.delete(b);
        // A block read ahead that is no longer wanted (a seek moved on meanwhile) is not kept.
        this.take(b, bytes, this.asked.has(b) || (b >= this.wanted[0] && b <= this.wanted[1]));
        this.readyFn?.();
      },
      (e: unknown) => {
        this.reading.delete(b);
        this.fail(e);
        this.readyFn?.();
      },
    );
  }

  private take(b: number, bytes: Buffer, keep = true): void {
    this.reads++;
    try {
      const block = parseBlock(this.index, b, bytes);
      if (!keep) return;
      this.held.set(b, block);
      this.maxHeld = Math.max(this.maxHeld, this.held.size);
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.failure ??= e instanceof Error ? e.message : String(e);
  }
}

/** Reads byte ranges of a recording file asynchronously; only a regular file (never a FIFO or a link). */
export function fileRange(path: string): ReadRange {
  return async (start, end) => {
    const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
    const fh = await open(path, flags).catch((e: NodeJS.ErrnoException) => {
      throw new Error(e.code === 'ENOENT' ? `${basename(path)} no longer exists` : `cannot read ${basename(path)}: ${e.message}`);
    });
    try {
      if (!(await fh.stat()).isFile()) throw new Error(`${basename(path)} is no longer a regular file`);
      const buf = Buffer.allocUnsafe(end - start);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
        if (bytesRead === 0) throw new Error(`${basename(path)} is shorter than when the replay started`);
        got += bytesRead;
      }
      return buf;
    } finally {
      await fh.close();
    }
  };
}

/** Reads byte ranges of a recording held in memory (tests, small texts), at once. */
export function bufferRange(buf: Buffer): ReadRange {
  return (start, end) => buf.subarray(start, end);
}

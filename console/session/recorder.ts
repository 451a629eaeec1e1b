/**
 * Session recording: every raw line in and out, with host timestamps, in an
 * append-only JSON Lines file (format 1):
 *
 *   {"type":"start","format":1,"wall":1763757000000,"target":"sim://pen","console":"penbench 0.1.0"}
 *   {"w":1763757000012,"t":12.5,"d":"out","l":"$0 HELLO proto=1 schema=1A2B3C4D*5E6F"}
 *   {"w":1763757000015,"t":15.1,"d":"in","l":"$0 INFO re=0 …*ABCD"}
 *   {"w":1763757001000,"t":1000.2,"d":"note","l":"link lost: no valid frame from the pen for 1000 ms"}
 *   {"w":1763757001500,"t":1500.0,"d":"note","l":"dropped 20000 bytes from the pen (line too long), first 200: zzzz…"}
 *   {"type":"end","wall":1763757100000,"lines":5234}
 *
 * `w` is wall-clock ms since the epoch, `t` the client's monotonic ms, `d`
 * in (pen → host), out (host → pen) or note (link changes, written by the
 * console), `l` the line exactly as on the wire without LF. A file without an
 * `end` record was cut short (crash or kill); every line before it is intact.
 *
 * While it is open a lock file `<name>.lock` names the recording process (the
 * Recordings list shows it "in progress"); at close the index `<name>.index.json`
 * (summary, overview, pen, duration, faults: replay/recording-index.ts), built
 * from the records as they were written, goes beside it, so opening it is
 * immediate.
 *
 * Durability: each record is written with a synchronous write(2) as it
 * happens, so a crashed or killed console loses nothing already recorded; the
 * file is fdatasync'ed at most once a second, so even a power loss costs at
 * most about one second. That periodic sync runs on libuv's thread pool, never
 * on the event loop: on a busy disk one can take hundreds of milliseconds, and
 * the same loop sends the heartbeat that keeps the pen's 500 ms lease (SR-11),
 * so a blocking sync there could stop a running pen with LINK_LOST.
 */
import { close as closeFd, closeSync, fdatasync, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { IndexBuilder, writeIndex } from './replay/recording-index.js';
import { lockRecording, unlockRecording } from './replay/recording-lock.js';

/** The note for bytes a transport threw away: how many, why, and the first of them as received. */
export function droppedNote(d: { reason: string; bytes: number; head?: string }): string {
  const head = d.head ?? '';
  return `dropped ${d.bytes} bytes from the pen (${d.reason})${head ? `, first ${head.length}: ${head}` : ''}`;
}

/** Options of a recorder. */
export interface RecorderOptions {
  /** Directory for recordings; created if missing. */
  dir: string;
  /** Label of the target, written in the start record and the file name. */
  target: string;
  /** Max interval between fdatasync calls (default 1000 ms). */
  syncMs?: number;
  /** Wall clock (default Date.now). */
  now?: () => number;
  /** Build and write the index at close (default true). */
  index?: boolean;
  /** The periodic sync, off the event loop (default fs.fdatasync; tests slow it down). */
  sync?: (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;
}

/** Direction of a recorded record. */
export type RecordDir = 'in' | 'out' | 'note';

/** One parsed record of a recording file. */
export interface RecordLine {
  w: number;
  t?: number;
  d: RecordDir;
  l: string;
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Appends one session to a new file in `dir`. */
export class SessionRecorder {
  readonly path: string;
  private fd: number | null;
  private readonly syncMs: number;
  private readonly now: () => number;
  private lastSync: number;
  private syncTimer: ReturnType<typeof setTimeout> | null = null;
  private dirty = false;
  /** A periodic sync is running on the thread pool (the descriptor must stay open until it ends). */
  private syncing = false;
  /** close() came while a sync was running: the final sync and close of this descriptor follow it. */
  private closeAfterSync: number | null = null;
  private readonly sync: NonNullable<RecorderOptions['sync']>;
  private count = 0;
  private readonly index: IndexBuilder | null;
  private readonly header: { format: number; wall: number; target: string };

  constructor(opts: RecorderOptions) {
    this.now = opts.now ?? Date.now;
    this.syncMs = opts.syncMs ?? 1000;
    this.sync = opts.sync ?? fdatasync;
    mkdirSync(opts.dir, { recursive: true });
    const safe = opts.target.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'pen';
    const wall = this.now();
    // 'wx' never overwrites: two sessions in the same second get distinct names.
    let path = '';
    let fd = -1;
    for (let i = 0; fd < 0; i++) {
      path = join(opts.dir, `session-${stamp(wall)}-${safe}${i ? `-${i}` : ''}.jsonl`);
      try {
        fd = openSync(path, 'wx');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 100) throw e;
      }
    }
    this.path = path;
    this.fd = fd;
    this.lastSync = wall;
    this.index = opts.index === false ? null : new IndexBuilder();
    this.header = { format: 1, wall, target: opts.target };
    try {
      lockRecording(path);
    } catch {
      // Without a lock the list shows it as cut short until it closes; the recording itself goes on.
    }
    this.put({ type: 'start', format: 1, wall, target: opts.target, console: 'penbench' });
  }

  /** Number of in/out/note records written so far. */
  get lines(): number {
    return this.count;
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Records one raw line or note. */
  record(d: RecordDir, line: string, wall: number = this.now(), t?: number): void {
    if (this.fd === null) return;
    const rec: RecordLine = t === undefined ? { w: wall, d, l: line } : { w: wall, t: Math.round(t * 10) / 10, d, l: line };
    this.put(rec);
    this.count++;
    this.index?.sink(d, line, wall, rec.t ?? NaN);
  }

  /** Writes the end record, syncs and closes; idempotent. */
  close(): void {
    if (this.fd === null) return;
    this.put({ type: 'end', wall: this.now(), lines: this.count });
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    const fd = this.fd;
    this.fd = null;
    if (this.syncing) {
      this.closeAfterSync = fd;
    } else {
      try {
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    try {
      if (this.index) writeIndex(this.path, this.index.result(basename(this.path), { header: this.header, complete: true }));
    } catch {
      // No index: the first open scans the file and writes it.
    }
    unlockRecording(this.path);
  }

  private put(obj: object): void {
    if (this.fd === null) return;
    writeSync(this.fd, JSON.stringify(obj) + '\n');
    this.dirty = true;
    this.scheduleSync();
  }

  private scheduleSync(): void {
    if (this.syncTimer || this.fd === null) return;
    const wait = Math.max(0, this.syncMs - (this.now() - this.lastSync));
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      if (this.fd === null || !this.dirty || this.syncing) return;
      this.dirty = false;
      this.syncing = true;
      this.sync(this.fd, () => this.synced());
    }, wait);
    // A pending sync must not keep a CLI alive.
    this.syncTimer.unref?.();
  }

  private synced(): void {
    this.syncing = false;
    this.lastSync = this.now();
    const fd = this.closeAfterSync;
    if (fd !== null) {
      this.closeAfterSync = null;
      // The end record came after the sync started: it is synced too before the descriptor goes.
      this.sync(fd, () => closeFd(fd, () => {}));
    } else if (this.dirty) {
      this.scheduleSync();
    }
  }
}

/** Parses a recording file's text into its line records (start/end records skipped, a torn last line ignored). */
export function parseRecording(text: string): RecordLine[] {
  const out: RecordLine[] = [];
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      continue;
    }
    if (v && typeof v === 'object' && 'd' in v && 'l' in v) out.push(v as RecordLine);
  }
  return out;
}

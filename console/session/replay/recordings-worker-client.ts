/**
 * The session's side of the recordings worker (recordings-worker.ts): one
 * worker thread, started on first use and stopped with the session, running
 * list, load, export and replay preparation off the thread that owns the
 * serial link. A job that fails, or a worker that dies (e.g. out of its
 * memory limit on a hostile file), rejects with the reason; the next job
 * starts a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { ExportedFile, ExportFormatChoice, RecordingDetail, RecordingInfo } from '../../shared/charts/index.js';
import type { RecordingsJob, RecordingsReply } from './recordings-jobs.js';
import { recordingPath } from './recordings.js';
import type { ReplayIndex } from './replay-index.js';
import { replaySourceFromIndex, type ReplaySource } from './replay-source.js';

/** Options of the worker. */
export interface RecordingsWorkerOptions {
  /** A job not answered within this long fails and the worker is restarted (default 120 s). */
  timeoutMs?: number;
  /** Heap limit of the worker thread, MB (default 1024): a hostile file cannot take the whole machine. */
  maxHeapMb?: number;
}

type Job = RecordingsJob extends infer J ? (J extends { id: number } ? Omit<J, 'id'> : never) : never;

interface Waiting {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The same file outside Electron's archive: in the packaged app main runs from resources/app.asar, which
 * Electron's patched fs and require read, but a worker thread's ESM loader is not documented to; so
 * electron-builder.yml unpacks the worker bundle to app.asar.unpacked and it is started from there.
 */
export function outsideAsar(url: URL): URL {
  return new URL(url.href.replace(/\/app\.asar\//, '/app.asar.unpacked/'));
}

/** The worker thread, in development from TypeScript through tsx, in the Electron build bundled beside main. */
function spawn(maxHeapMb: number): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (here.endsWith('.ts')) {
    return new Worker(new URL('./ts-worker-boot.mjs', here), { workerData: { entry: new URL('./recordings-worker.ts', here).href }, resourceLimits });
  }
  return new Worker(outsideAsar(new URL('./recordings-worker.mjs', here)), { resourceLimits });
}

/** Runs recordings jobs in a worker thread. */
export class RecordingsWorker {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(private readonly opts: RecordingsWorkerOptions = {}) {}

  list(dir: string): Promise<RecordingInfo[]> {
    return this.call({ op: 'list', dir }) as Promise<RecordingInfo[]>;
  }

  load(dir: string, name: string): Promise<RecordingDetail> {
    return this.call({ op: 'load', dir, name }) as Promise<RecordingDetail>;
  }

  export(dir: string, name: string, format: ExportFormatChoice): Promise<ExportedFile> {
    return this.call({ op: 'export', dir, name, format }) as Promise<ExportedFile>;
  }

  rename(dir: string, name: string, label: string): Promise<{ ok: true } | { ok: false; message: string }> {
    return this.call({ op: 'rename', dir, name, label }) as Promise<{ ok: true } | { ok: false; message: string }>;
  }

  delete(dir: string, name: string): Promise<{ ok: true } | { ok: false; message: string }> {
    return this.call({ op: 'delete', dir, name }) as Promise<{ ok: true } | { ok: false; message: string }>;
  }

  /** Why `name` cannot be replayed, or null. */
  replayRefusal(dir: string, name: string): Promise<string | null> {
    return this.call({ op: 'refusal', dir, name }) as Promise<string | null>;
  }

  /** A recording indexed for replay in the worker; its lines are then read from the file as it plays. */
  async replaySource(dir: string, name: string): Promise<ReplaySource> {
    const index = (await this.call({ op: 'replay', dir, name })) as ReplayIndex;
    return replaySourceFromIndex(recordingPath(dir, name)!, index);
  }

  /** Stops the worker; jobs still waiting fail. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(new Error('the recordings worker was stopped'));
    if (w) await w.terminate();
  }

  private call(job: Job): Promise<unknown> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timeoutMs = this.opts.timeoutMs ?? 120_000;
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the recordings worker did not finish ${job.op} within ${Math.round(timeoutMs / 1000)} s`));
        // A stuck worker is replaced; the other jobs it held fail with it.
        void this.restart('a job took too long');
      }, timeoutMs);
      timer.unref?.();
      this.waiting.set(id, { resolve, reject, timer });
      // Held while a job runs (a CLI awaiting it must not exit), let go when idle.
      w.ref();
      w.postMessage({ ...job, id } as RecordingsJob);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = spawn(this.opts.maxHeapMb ?? 1024);
    // Never keeps a CLI or a test alive by itself.
    w.unref();
    w.on('message', (r: RecordingsReply) => {
      const wait = this.waiting.get(r.id);
      if (!wait) return;
      this.waiting.delete(r.id);
      clearTimeout(wait.timer);
      if (this.waiting.size === 0) w.unref();
      if (r.ok) wait.resolve(r.value);
      else wait.reject(new Error(r.error));
    });
    w.on('error', (e) => {
      if (this.worker === w) this.worker = null;
      const why = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'ran out of its memory limit' : e.message;
      this.failAll(new Error(`the recordings worker failed: ${why}`));
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
      this.failAll(new Error('the recordings worker stopped unexpectedly'));
    });
    this.worker = w;
    return w;
  }

  private async restart(why: string): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(new Error(`the recordings worker was restarted: ${why}`));
    if (w) await w.terminate();
  }

  private failAll(e: Error): void {
    for (const [id, wait] of this.waiting) {
      clearTimeout(wait.timer);
      this.waiting.delete(id);
      wait.reject(e);
    }
  }
}

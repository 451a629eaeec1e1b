/**
 * NVM backed by files (SR-08): the registry image at the given path and the
 * witness of its generation beside it (`<path>.witness`). Every write is atomic
 * and durable — a temporary file, fsync, rename over the old one, fsync of the
 * folder — so power loss leaves the old or the new text, never half of one, and
 * a failed write (read-only, disk full) is reported as a value and leaves no
 * temporary file behind.
 */
import * as nodeFs from 'node:fs';
import { platform } from 'node:os';
import { dirname, join } from 'node:path';
import { userDataDir } from '../../../protocol/node/data-dir.js';
import type { NvmIo, NvmSlot, NvmStore } from '../nvm/store.js';

/** `nvm.json` in the platform's per-user data folder (XDG on Linux, Application Support on macOS, AppData on Windows). */
export function defaultNvmPath(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform()): string {
  return join(userDataDir(env, os), 'nvm.json');
}

/** The file system calls a FileNvm makes (tests inject failures such as ENOSPC). */
export type NvmFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync' | 'readFileSync' | 'mkdirSync'>;

const OK: NvmIo<void> = { ok: true, value: undefined };

function why(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message}` : String(e);
}

/** A file-backed store (see the file comment). */
export class FileNvm implements NvmStore {
  constructor(
    readonly label: string,
    private readonly fs: NvmFs = nodeFs,
  ) {}

  /** The file a slot lives in. */
  pathOf(slot: NvmSlot): string {
    return slot === 'image' ? this.label : `${this.label}.witness`;
  }

  read(slot: NvmSlot): NvmIo<string | null> {
    try {
      return { ok: true, value: this.fs.readFileSync(this.pathOf(slot), 'utf8') };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: null };
      return { ok: false, error: why(e) };
    }
  }

  write(slot: NvmSlot, text: string): NvmIo<void> {
    const path = this.pathOf(slot);
    const dir = dirname(path);
    const tmp = `${path}.${process.pid}.tmp`;
    let fd = -1;
    try {
      this.fs.mkdirSync(dir, { recursive: true });
      fd = this.fs.openSync(tmp, 'w', 0o644);
      const buf = Buffer.from(text, 'utf8');
      for (let off = 0; off < buf.length; ) off += this.fs.writeSync(fd, buf, off);
      this.fs.fsyncSync(fd);
      this.fs.closeSync(fd);
      fd = -1;
      this.fs.renameSync(tmp, path);
      this.syncDir(dir);
      return OK;
    } catch (e) {
      if (fd >= 0) this.quietly(() => this.fs.closeSync(fd));
      this.quietly(() => this.fs.unlinkSync(tmp));
      return { ok: false, error: why(e) };
    }
  }

  erase(slot: NvmSlot): NvmIo<void> {
    try {
      this.fs.unlinkSync(this.pathOf(slot));
      this.syncDir(dirname(this.pathOf(slot)));
      return OK;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? OK : { ok: false, error: why(e) };
    }
  }

  /** The rename is durable only once the folder's entry is on disk. */
  private syncDir(dir: string): void {
    const d = this.fs.openSync(dir, 'r');
    try {
      this.fs.fsyncSync(d);
    } finally {
      this.fs.closeSync(d);
    }
  }

  private quietly(f: () => void): void {
    try {
      f();
    } catch {
      // Cleanup after a failure that is already being reported.
    }
  }
}

/**
 * One simulator per NVM file (SR-08): two simulated pens writing one
 * used-cartridge registry would each overwrite the other's generation, and the
 * next start would find a registry it cannot trust. Whoever opens a file NVM
 * holds `<file>.lock` (pid, host, since) until it closes it; a second holder is
 * refused with who holds it. A lock left by a process that no longer runs (a
 * crash, SIGKILL) is taken over; one from another host cannot be checked and is
 * refused, naming the lock file to delete if that simulator is gone.
 */
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/** Who holds a lock. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** A held lock. */
export interface NvmLock {
  /** The lock file. */
  readonly path: string;
  /** Give the file back (idempotent). */
  release(): void;
}

/** The lock, or why the file is not ours to use. */
export type NvmLockResult = { ok: true; lock: NvmLock } | { ok: false; error: string };

/** How a holder is checked (tests inject them). */
export interface NvmLockDeps {
  isAlive?: (pid: number) => boolean;
  host?: string;
}

/** Locks held by this process: a second open of the same file in one process is refused as well. */
const HELD = new Set<string>();

/** True when a process with this pid exists (EPERM: it exists, owned by someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const v = JSON.parse(fs.readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host, since: String(v.since ?? '?') } : null;
  } catch {
    return null;
  }
}

/** Take `<nvmFile>.lock`, or say who has it. */
export function lockNvm(nvmFile: string, deps: NvmLockDeps = {}): NvmLockResult {
  const isAlive = deps.isAlive ?? pidAlive;
  const host = deps.host ?? hostname();
  const path = `${nvmFile}.lock`;
  if (HELD.has(path)) return { ok: false, error: `the NVM file ${nvmFile} is already in use by another simulated pen in this process` };
  const me: LockHolder = { pid: process.pid, host, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.mkdirSync(dirname(path), { recursive: true });
      // Written whole beside it, then linked into place: the link fails if the lock exists, so two starting
      // simulators cannot both win, and nobody ever reads a lock file that is still being written.
      const tmp = `${path}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(me) + '\n', { mode: 0o644 });
      try {
        fs.linkSync(tmp, path);
      } finally {
        fs.unlinkSync(tmp);
      }
      HELD.add(path);
      let held = true;
      return {
        ok: true,
        lock: {
          path,
          release() {
            if (!held) return;
            held = false;
            HELD.delete(path);
            const now = readHolder(path);
            if (now && now.pid === me.pid && now.host === me.host) {
              try {
                fs.unlinkSync(path);
              } catch {
                // Already gone: nothing to give back.
              }
            }
          },
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: false, error: `cannot lock the NVM file ${nvmFile} (${path}): ${(e as Error).message}` };
    }
    const holder = readHolder(path);
    const stale = holder !== null && holder.host === host && (holder.pid === process.pid || !isAlive(holder.pid));
    if (holder && !stale) {
      const where = holder.host === host ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
      return {
        ok: false,
        error: `the NVM file ${nvmFile} is in use by another simulated pen (${where}, since ${holder.since}). `
          + `Give this one another file (--nvm FILE), or stop the other one${holder.host === host ? '' : `; if it is gone, delete ${path}`}.`,
      };
    }
    // Left behind by a process that no longer runs (or not a lock we wrote): take it over.
    try {
      fs.unlinkSync(path);
    } catch {
      // Someone else removed it first; the next 'wx' decides.
    }
  }
  return { ok: false, error: `the NVM file ${nvmFile} is being locked by another simulated pen at this moment; try again` };
}

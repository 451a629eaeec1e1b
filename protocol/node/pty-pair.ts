/**
 * A pair of connected pseudo-terminals made by socat, so two processes (or two
 * SerialTransports in one) talk through the real serial binding and the
 * kernel's tty layer: `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Two linked pty paths and how to tear them down. */
export interface PtyPair {
  /** Symlink to the first pty (open it like a serial device). */
  a: string;
  b: string;
  /** socat's pid. */
  pid: number;
  /** Resolves when socat exits (e.g. after close()). */
  exited: Promise<number | null>;
  /** Kill socat (both ptys vanish; open ports see a disconnect) and remove the temp dir. */
  close(): Promise<void>;
}

/** Options of openPtyPair. */
export interface PtyPairOptions {
  /** Give up waiting for the links after this long (default 5000 ms). */
  timeoutMs?: number;
  /** socat binary (default `socat` on PATH). */
  socat?: string;
}

/** Start socat and wait until both pty links exist. Rejects if socat fails to start or times out. */
export async function openPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const child: ChildProcess = spawn(
    opts.socat ?? 'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    // socat -d -d reports progress on stderr; keep a bounded tail for error messages.
    log = (log + d).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  let spawnError: Error | null = null;
  child.once('error', (e) => {
    spawnError = e;
  });
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  // socat logs "starting data transfer loop" once both ptys are set up.
  while (!(existsSync(a) && existsSync(b) && log.includes('starting data transfer loop'))) {
    if (spawnError || dead) {
      cleanup();
      throw new Error(`socat failed: ${spawnError ? (spawnError as Error).message : log.trim()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      cleanup();
      throw new Error(`socat pty links did not appear within ${opts.timeoutMs ?? 5000} ms: ${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    a, b, pid: child.pid ?? -1, exited,
    async close() {
      if (!dead) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
}

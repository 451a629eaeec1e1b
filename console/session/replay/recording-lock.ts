/**
 * Which recordings are still being written: the recorder holds a lock file
 * `<name>.lock` naming its process while the recording is open, and removes
 * it when it closes the recording. A lock whose process is gone is a
 * recording cut short (a crash), not one in progress.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** The lock file of a recording path. */
export function lockPathOf(recording: string): string {
  return recording.replace(/\.jsonl$/, '.lock');
}

/** Takes the lock of a recording being written (the recorder). */
export function lockRecording(recording: string): void {
  writeFileSync(lockPathOf(recording), JSON.stringify({ pid: process.pid }));
}

/** Lets go of the lock (the recorder closed the recording). */
export function unlockRecording(recording: string): void {
  rmSync(lockPathOf(recording), { force: true });
}

/** True while the process that holds the recording's lock is alive. */
export function recordingInProgress(recording: string): boolean {
  let pid: unknown;
  try {
    pid = (JSON.parse(readFileSync(lockPathOf(recording), 'utf8')) as { pid?: unknown }).pid;
  } catch {
    return false;
  }
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, another user's; ESRCH: gone.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Memory held by a replay (replay-memory-child.ts, one case per child process):
 * the streamed replay of a 6-minute and a 1-hour recording against the packed
 * in-memory replay of before, measured in the same run.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./replay-memory-child.ts', import.meta.url));

/** What one case held, bytes: V8 heap + buffers after a full GC, and RSS; once prepared and at most while playing. */
export interface ReplayMemory {
  preparedBytes: number;
  playingBytes: number;
  preparedRss: number;
  playingRss: number;
  lines: number;
}

/** Runs one case in a fresh process (with `node` options `flags`). */
export function replayMemory(mode: 'streamed' | 'packed', path: string, flags: string[] = []): Promise<ReplayMemory> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', ...flags, '--import', 'tsx', CHILD, mode, path], { maxBuffer: 1 << 20, timeout: 600_000 }, (e, stdout, stderr) => {
      if (e) reject(new Error(`replay memory child (${mode}): ${e.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as ReplayMemory);
    });
  });
}

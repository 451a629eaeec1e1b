/** One busy-looping process per core, until stopped: the bench's "both cores busy" condition. */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Starts the hogs; `stop` kills them. */
export function cpuHogs(): { stop(): void } {
  const hogs: ChildProcess[] = [];
  for (let i = 0; i < availableParallelism(); i++) hogs.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return { stop: () => hogs.forEach((h) => h.kill('SIGKILL')) };
}

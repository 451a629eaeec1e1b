/**
 * The simulator CLI (`sim-cli.ts --pty`) as its own process on a socat pty,
 * for benches and tests that need the pen on the far side of a real serial
 * path. Node runs it with tsx's loader (not the tsx CLI), so a kill reaches it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SIM_CLI = fileURLToPath(new URL('../../firmware-sim/src/cli/sim-cli.ts', import.meta.url));

/** A running simulator: the host-side pty path and how to stop it. */
export interface PtySim {
  path: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the simulator with these CLI options (e.g. --cartridge N16-OK-01) and an in-memory NVM. */
export async function startPtySim(args: string[] = []): Promise<PtySim> {
  const child = spawn(process.execPath, ['--import', 'tsx', SIM_CLI, '--pty', '--nvm', ':memory:', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const path = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`simulator printed no PTY line within 20 s: ${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^PTY (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`simulator exited (${code}): ${err}`));
    });
  });
  return {
    path, child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(t);
    },
  };
}

/**
 * Runs `penbench …` as its own process, the way a user does (node and the bin
 * file, no test runner in between): its exit code, stdout and stderr. Ends the
 * process if it outlives `timeoutMs`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The `penbench` bin file. */
export const PENBENCH_BIN = fileURLToPath(new URL('../../console/cli/penbench.mjs', import.meta.url));

/** What a finished run printed. */
export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Run `penbench args…` with this stdin text; env is added to this process's environment. */
export function runPenbench(args: readonly string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; bin?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.bin ?? PENBENCH_BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`penbench ${args.join(' ')} still running after ${opts.timeoutMs ?? 20_000} ms; out: ${out}; err: ${err}`));
    }, opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end(opts.input ?? '');
  });
}

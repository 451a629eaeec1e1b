/**
 * One version of the console for the UI bench: its source tree (this worktree,
 * or a baseline commit checked out with `git archive` into .build/bench-ui),
 * its renderer built by Vite into a folder of its own, and its browser-mode
 * server started as a child process whose CPU time and resident memory are
 * read from /proc.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { viteBuildProduction } from '../../../../console/server/build-renderer.js';

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./serve-child.ts', import.meta.url));
const TICKS_PER_S = 100; // USER_HZ on Linux

/** A source tree of the console to measure. */
export interface AppTree {
  label: string;
  root: string;
  rendererDir: string;
}

/** This worktree, its renderer built into .build/bench-ui/current. */
export async function currentTree(): Promise<AppTree> {
  const rendererDir = join(ROOT, '.build/bench-ui/current/renderer');
  await viteBuildProduction(join(ROOT, 'console/renderer/vite.config.ts'), rendererDir);
  return { label: 'current', root: ROOT, rendererDir };
}

/** `rev` of this repository checked out into .build/bench-ui/<rev>, sharing this tree's node_modules. */
export async function baselineTree(rev: string): Promise<AppTree> {
  const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', rev], { encoding: 'utf8' }).trim();
  const dir = join(ROOT, '.build/bench-ui', `baseline-${commit}`);
  const src = join(dir, 'src');
  if (!existsSync(join(src, 'package.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(src, { recursive: true });
    const tar = execFileSync('git', ['-C', ROOT, 'archive', commit, 'console', 'protocol', 'firmware-sim', 'package.json', 'tsconfig.json', 'test/tsconfig.base.json'], { maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', src], { input: tar });
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'));
  }
  const rendererDir = join(dir, 'renderer');
  await viteBuildProduction(join(src, 'console/renderer/vite.config.ts'), rendererDir);
  return { label: `baseline ${commit}`, root: src, rendererDir };
}

/** CPU time (s) and resident set (MB) of a process, from /proc. */
export function procUsage(pid: number): { cpuS: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(f[11]) + Number(f[12])) / TICKS_PER_S; // utime, stime
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuS, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

/** A running console server. */
export interface AppServer {
  url: string;
  token: string;
  pid: number;
  usage(): { cpuS: number; rssMb: number };
  stop(): Promise<void>;
}

/** Starts `tree`'s server with recordings in `recordingsDir`; `nodeArgs` go to its Node (e.g. --cpu-prof). */
export async function startAppServer(tree: AppTree, recordingsDir: string, nodeArgs: readonly string[] = []): Promise<AppServer> {
  mkdirSync(recordingsDir, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', CHILD, tree.root, tree.rendererDir, recordingsDir], {
    stdio: ['ignore', 'pipe', 'pipe'], cwd: tree.root,
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const info = await new Promise<{ url: string; token: string; pid: number }>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`console server printed nothing within 30 s: ${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(t);
        resolve(JSON.parse(line) as { url: string; token: string; pid: number });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`console server exited (${code}): ${err}`));
    });
  });
  return {
    ...info,
    usage: () => procUsage(info.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    },
  };
}

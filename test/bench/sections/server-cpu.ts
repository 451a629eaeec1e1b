/**
 * `npm run bench -- --only server-cpu`: the console server's CPU at 200 Hz
 * with one page open (issue 14's target: ≤ 5 % of a core on a quiet 2-core
 * machine). The simulator on a socat pty at 200 Hz telemetry, the pen
 * running, the console server as its own process, the real page in headless
 * Chromium on one tab; the server's CPU (user + system time of all its
 * threads, from /proc/<pid>/stat) over a window, as % of one core, its peak
 * RSS, and the page's pen→pixel latency p95 and share of frames shown (so a
 * cheaper server that drops or delays frames shows). Each window is measured
 * quiet, then with one busy-looping process per core. Every version under test
 * is measured in the same run, interleaved round by round, with the load
 * average beside each figure; the figure reported is the median over rounds.
 *
 * Environment:
 * - PENBENCH_CPU_SECONDS: seconds per window (default 30);
 * - PENBENCH_CPU_ROUNDS: rounds (default 3);
 * - PENBENCH_CPU_BASELINE: comma-separated commits measured beside this tree
 *   (default `ef175aa,d070624`: the console before issue 14, and before this
 *   section's server work), `none` for this tree only;
 * - PENBENCH_CPU_TAB: the tab open (default Console; Charts, Trainer, Recordings);
 * - PENBENCH_CPU_BUSY=0: skip the busy windows;
 * - PENBENCH_CPU_PROF=DIR: run each server with `--cpu-prof --cpu-prof-dir DIR`
 *   (one .cpuprofile per server; open it in Chromium's DevTools).
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { baselineTree, currentTree, type AppTree } from './app/app-server.js';
import { cpuHogs } from './app/cpu-hogs.js';
import { TABS, figures, measureTab, pct, showTab, startLiveApp, type Tab, type TabFigures } from './app/measure-app.js';
import { recordedFrames } from './app/recorded-frames.js';
import { fmt, type BenchSection } from './section.js';

/** The versions measured beside this tree unless PENBENCH_CPU_BASELINE says otherwise. */
export const CPU_BASELINES = ['ef175aa', 'd070624'];

interface Window {
  cpuPct: number;
  /** Telemetry frames the server received per second in the window (the work it had). */
  framesPerS: number;
  rssMb: number;
  /** Pen → server p95, ms: when the server had each frame's line (its recording's `w`) less when the pen sent it. */
  serverLatP95: number;
  latP95: number;
  share: number;
  load: [number, number];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const n1 = (x: number) => (Number.isFinite(x) ? fmt(x, 1) : '—');
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function envInt(name: string, dflt: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: "${v}" is not a whole number ≥ 1`);
  return n;
}

function envTab(): Tab {
  const v = process.env.PENBENCH_CPU_TAB ?? 'Console';
  const tab = TABS.find((t) => t.toLowerCase() === v.toLowerCase());
  if (!tab) throw new Error(`PENBENCH_CPU_TAB: "${v}" is not one of: ${TABS.join(', ')}`);
  return tab;
}

/** One round of one version: a quiet window, then (unless skipped) a busy one. */
async function measureOnce(tree: AppTree, tab: Tab, seconds: number, busy: boolean, prof: string | null): Promise<Window[]> {
  const app = await startLiveApp(tree, prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : []);
  try {
    await showTab(app.page, app.url, tab);
    await sleep(2000);
    const out: { m: Awaited<ReturnType<typeof measureTab>>; rss: number }[] = [];
    for (const loaded of busy ? [false, true] : [false]) {
      const hogs = loaded ? cpuHogs() : null;
      try {
        if (hogs) await sleep(1000);
        const rss: number[] = [];
        out.push({ m: await measureTab(app.page, app.cdp, app.server, seconds, rss), rss: Math.max(...rss) });
      } finally {
        hogs?.stop();
      }
    }
    const frames = recordedFrames(app.rec);
    return out.map(({ m, rss }) => {
      const f: TabFigures = figures(tab, m, frames, true, rss);
      // figures() counts the frames of the window less its last second.
      const framesPerS = f.expected / ((m.wall[1] - m.wall[0]) / 1000 - 1);
      const link: number[] = [];
      for (let i = 0; i < frames.t.length; i++) {
        if (frames.w[i]! >= m.wall[0] && frames.w[i]! <= m.wall[1]) link.push(frames.w[i]! - frames.emitted(frames.t[i]!));
      }
      return { cpuPct: f.serverCpuPct, framesPerS, rssMb: rss, serverLatP95: pct(link, 95), latP95: f.latP95, share: f.share, load: f.load };
    });
  } finally {
    await app.close();
  }
}

const line = (w: Window) =>
  `${n1(w.cpuPct).padStart(6)} %  ${fmt(w.framesPerS).padStart(4)} frames/s  RSS ${n1(w.rssMb).padStart(6)} MB  pen→server p95 ${n1(w.serverLatP95).padStart(5)} ms  pen→pixel p95 ${n1(w.latP95).padStart(6)} ms  frames→page ${n1(w.share * 100).padStart(5)} %  load ${w.load.map((l) => l.toFixed(2)).join('→')}`;

async function run(): Promise<Record<string, number>> {
  const seconds = envInt('PENBENCH_CPU_SECONDS', 30);
  const rounds = envInt('PENBENCH_CPU_ROUNDS', 3);
  const tab = envTab();
  const busy = process.env.PENBENCH_CPU_BUSY !== '0';
  const revs = (process.env.PENBENCH_CPU_BASELINE ?? CPU_BASELINES.join(',')).split(',').map((r) => r.trim()).filter((r) => r && r !== 'none');
  const prof = process.env.PENBENCH_CPU_PROF ? resolve(process.env.PENBENCH_CPU_PROF) : null;
  if (prof) mkdirSync(prof, { recursive: true });
  console.log(`   server CPU at 200 Hz, one page on ${tab}: ${rounds} round(s) × ${seconds} s quiet${busy ? ` + ${seconds} s with every core busy` : ''}; versions: ${[...revs, 'current'].join(', ')}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const trees: AppTree[] = [];
  for (const r of revs) trees.push(await baselineTree(r));
  trees.push(await currentTree());
  const got = new Map<string, Window[][]>(trees.map((t) => [t.label, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const tree of trees) {
      const w = await measureOnce(tree, tab, seconds, busy, prof);
      got.get(tree.label)!.push(w);
      console.log(`   round ${round} ${tree.label.padEnd(18)} quiet ${line(w[0]!)}`);
      if (w[1]) console.log(`   round ${round} ${''.padEnd(18)} busy  ${line(w[1])}`);
    }
  }
  const json: Record<string, number> = {};
  const key = (label: string) => (label === 'current' ? 'current' : label.replace(/^baseline /, 'baseline_'));
  console.log('   median over rounds (server CPU % of one core; RSS peak; pen→server and pen→pixel p95):');
  for (const tree of trees) {
    const ws = got.get(tree.label)!;
    for (const [i, phase] of (busy ? ['quiet', 'busy'] : ['quiet']).entries()) {
      const cpu = median(ws.map((w) => w[i]!.cpuPct));
      const rss = median(ws.map((w) => w[i]!.rssMb));
      const lat = median(ws.map((w) => w[i]!.latP95));
      const link = median(ws.map((w) => w[i]!.serverLatP95));
      console.log(`     ${tree.label.padEnd(18)} ${phase.padEnd(5)} ${n1(cpu).padStart(6)} %  RSS ${n1(rss)} MB  pen→server p95 ${n1(link)} ms  pen→pixel p95 ${n1(lat)} ms`);
      const k = `server_cpu_${key(tree.label)}_${phase}`;
      json[`${k}_pct`] = Number(cpu.toFixed(2));
      json[`${k}_rss_mb`] = Number(rss.toFixed(1));
      if (Number.isFinite(lat)) json[`${k}_pen_pixel_p95_ms`] = Number(lat.toFixed(1));
      if (Number.isFinite(link)) json[`${k}_pen_server_p95_ms`] = Number(link.toFixed(1));
    }
  }
  const cur = median(got.get('current')!.map((w) => w[0]!.cpuPct));
  for (const tree of trees.slice(0, -1)) {
    const b = median(got.get(tree.label)!.map((w) => w[0]!.cpuPct));
    console.log(`   quiet: ${tree.label} ${n1(b)} % → current ${n1(cur)} % of a core (${fmt(b / cur, 2)}×)`);
    json[`server_cpu_ratio_${key(tree.label)}`] = Number((b / cur).toFixed(2));
  }
  if (prof) console.log(`   CPU profiles in ${prof}`);
  return json;
}

/** The section. */
export const serverCpuSection: BenchSection = { name: 'server-cpu', run };

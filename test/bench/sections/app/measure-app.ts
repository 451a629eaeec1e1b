/**
 * One version of the console measured end to end: the simulator as its own
 * process on a socat pty (unthrottled, so 200 Hz telemetry really flows), the
 * console's server as its own process (CPU and RSS from /proc), and the real
 * page in headless Chromium, on every tab: live 200 Hz, then a 10× replay of
 * the 200 Hz session just recorded; each quiet and with every core busy.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, watchedPage } from '../../../support/browser.js';
import { startPtySim } from '../../../support/pty-sim.js';
import { startAppServer, type AppServer, type AppTree } from './app-server.js';
import { bridgeCall, bridgeCommand } from './bridge-call.js';
import { cpuHogs } from './cpu-hogs.js';
import { PROBE_SCRIPT, type ProbeResult } from './page-probe.js';
import { recordedFrames, type RecordedFrames } from './recorded-frames.js';

/** The console's tabs, as their tab buttons name them. */
export const TABS = ['Console', 'Charts', 'Trainer', 'Recordings'] as const;
export type Tab = (typeof TABS)[number];

/** Seconds measured per tab in each phase. */
export interface Durations {
  live: number;
  liveLoaded: number;
  replay: number;
  replayLoaded: number;
}

/** Figures of one tab in one phase. */
export interface TabFigures {
  tab: Tab;
  frameP95: number;
  frameP50: number;
  intervalP95: number;
  frames: number;
  /** Telemetry frames that reached the page / frames the console received (live) or replayed (replay), 0..1. */
  share: number;
  /** Frames expected in the window. */
  expected: number;
  /** Pen→pixel latency from the `data-tlm-t` of the tab's telemetry readout, ms (NaN where the version has none). */
  latP50: number;
  latP95: number;
  /** The same from the stroke count on the Console tab (both versions show it). */
  strokesLatP50: number;
  strokesLatP95: number;
  /** Characters per second received on the WebSocket (≈ bytes: the messages are ASCII JSON). */
  /** Share of the window the page's main thread ran tasks (Chromium's TaskDuration), 0..1. */
  mainBusy: number;
  wsBytesPerS: number;
  wsMsgsPerS: number;
  serverCpuPct: number;
  serverRssMb: number;
  load: [number, number];
}

/** Figures of one version. */
export interface AppFigures {
  label: string;
  phases: Record<'live' | 'liveLoaded' | 'replay' | 'replayLoaded', TabFigures[]>;
  /** Server CPU % and peak RSS over the whole quiet live phase (all tabs). */
  liveCpuPct: number;
  liveRssMaxMb: number;
  liveSeconds: number;
}

export function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens the console on `tab` by its URL (`?view=`): a fresh page per tab, which also gets past a page that a
 * version under test left frozen (today's Console tab during a 10× replay).
 */
export async function showTab(page: Page, url: string, tab: Tab): Promise<void> {
  await page.goto(tab === 'Console' ? url : `${url}&view=${tab.toLowerCase()}`, { timeout: 120_000 });
  await page.getByRole('tab', { name: tab, exact: true }).waitFor({ timeout: 60_000 });
}

/** What one window on one tab collected. */
export interface Measured {
  probe: ProbeResult;
  /** Chromium's own count of main-thread task time over the window (CDP Performance.getMetrics TaskDuration), s. */
  taskS: number;
  cpuPct: number;
  wall: [number, number];
  load: [number, number];
}

/** Measures `seconds` on the current tab; RSS samples go to `rss`. */
export async function measureTab(page: Page, cdp: CDPSession, server: AppServer, seconds: number, rss: number[]): Promise<Measured> {
  const taskDuration = async () => (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'TaskDuration')?.value ?? NaN;
  const task0 = await taskDuration();
  const load0 = loadavg()[0]!;
  const u0 = server.usage();
  const w0 = Date.now();
  await page.evaluate(() => (window as unknown as { __probe: { start(): void } }).__probe.start());
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    await sleep(1000);
    rss.push(server.usage().rssMb);
  }
  const probe = (await page.evaluate(() => (window as unknown as { __probe: { stop(): unknown } }).__probe.stop())) as ProbeResult;
  const w1 = Date.now();
  const u1 = server.usage();
  const taskS = (await taskDuration()) - task0;
  return { probe, taskS, cpuPct: ((u1.cpuS - u0.cpuS) / ((w1 - w0) / 1000)) * 100, wall: [w0, w1], load: [load0, loadavg()[0]!] };
}

/** Share and latency of one measured window against the recording. */
export function figures(tab: Tab, m: Measured, frames: RecordedFrames, live: boolean, rssMb: number): TabFigures {
  const { probe, wall } = m;
  const got = new Set(probe.tlmT);
  let expected = 0;
  let hit = 0;
  if (live) {
    // Frames the server received in the window, less its last second (still on the way to the page).
    for (let i = 0; i < frames.t.length; i++) {
      const w = frames.w[i]!;
      if (w < wall[0] || w > wall[1] - 1000) continue;
      expected++;
      if (got.has(frames.t[i]!)) hit++;
    }
  } else if (probe.tlmT.length) {
    // A replay: the recorded frames between the first and the last one that arrived.
    const lo = Math.min(...probe.tlmT);
    const hi = Math.max(...probe.tlmT);
    for (const t of frames.t) {
      if (t < lo || t > hi) continue;
      expected++;
      if (got.has(t)) hit++;
    }
  }
  const lat: number[] = [];
  const latN: number[] = [];
  if (live) {
    for (const [what, v, , paint] of probe.shown) {
      const t = what === 't' ? v : frames.firstWithStrokes(v);
      if (t === undefined || !Number.isFinite(t)) continue;
      (what === 't' ? lat : latN).push(probe.origin + paint - frames.emitted(t));
    }
  }
  const secs = (wall[1] - wall[0]) / 1000;
  return {
    tab, frameP95: pct(probe.work, 95), frameP50: pct(probe.work, 50), intervalP95: pct(probe.intervals, 95), frames: probe.work.length,
    share: expected ? hit / expected : NaN, expected,
    latP50: pct(lat, 50), latP95: pct(lat, 95), strokesLatP50: pct(latN, 50), strokesLatP95: pct(latN, 95),
    mainBusy: m.taskS / secs, wsBytesPerS: probe.chars / secs, wsMsgsPerS: probe.msgs / secs, serverCpuPct: m.cpuPct, serverRssMb: rssMb, load: m.load,
  };
}

function newestRecording(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.startsWith('session-') && f.endsWith('.jsonl'));
  files.sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs);
  if (!files[0]) throw new Error(`no recording in ${dir}`);
  return files[0];
}

/** One version of the console live at 200 Hz: simulator, server, Chromium on the Console tab, the pen running. */
export interface LiveApp {
  server: AppServer;
  page: Page;
  cdp: CDPSession;
  url: string;
  /** The session recording the server writes (its TLM lines date the frames). */
  rec: string;
  problems: string[];
  close(): Promise<void>;
}

/**
 * Starts `tree`'s server (with `nodeArgs`, e.g. --cpu-prof), the simulator on a pty and a page on the Console
 * tab, connects, and starts the pen at 200 Hz telemetry; `close` stops and removes everything.
 */
export async function startLiveApp(tree: AppTree, nodeArgs: readonly string[] = []): Promise<LiveApp> {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-bench-ui-'));
  const sim = await startPtySim(['--baud', '0', '--cartridge', 'N16-OK-01']);
  const server = await startAppServer(tree, join(dir, 'recordings'), nodeArgs);
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await server.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { page, problems } = await watchedPage(browser, { viewport: { width: 1280, height: 800 } });
    await page.addInitScript(PROBE_SCRIPT);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const url = server.url;
    await showTab(page, url, 'Console');
    await bridgeCommand(url, 'connect', { kind: 'serial', path: sim.path });
    await bridgeCommand(url, 'setArea', 'BODY');
    await bridgeCommand(url, 'setDepth', 1500);
    await bridgeCommand(url, 'setTelemetryRate', 200);
    await bridgeCommand(url, 'start');
    await sleep(2000);
    const rec = join(dir, 'recordings', newestRecording(join(dir, 'recordings')));
    return { server, page, cdp, url, rec, problems, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Runs every phase against `tree`; `log` prints progress. */
export async function measureApp(tree: AppTree, d: Durations, log: (s: string) => void): Promise<AppFigures> {
  const app = await startLiveApp(tree);
  const { server, page, cdp, url, rec, problems } = app;
  try {
    const measured: Record<'live' | 'liveLoaded', { tab: Tab; m: Measured; rss: number }[]> = { live: [], liveLoaded: [] };
    const rssLive: number[] = [];
    const cpu0 = server.usage();
    const live0 = Date.now();
    let liveCpuPct = NaN;
    for (const phase of ['live', 'liveLoaded'] as const) {
      const hogs = phase === 'liveLoaded' ? cpuHogs() : null;
      try {
        for (const tab of TABS) {
          await showTab(page, url, tab);
          await sleep(1500);
          const rss: number[] = [];
          measured[phase].push({ tab, m: await measureTab(page, cdp, server, d[phase], rss), rss: Math.max(...rss) });
          if (phase === 'live') rssLive.push(...rss);
          log(`${tree.label}: ${phase} ${tab} done (load ${loadavg()[0]!.toFixed(2)})`);
        }
      } finally {
        hogs?.stop();
      }
      if (phase === 'live') liveCpuPct = ((server.usage().cpuS - cpu0.cpuS) / ((Date.now() - live0) / 1000)) * 100;
    }
    const liveSeconds = (Date.now() - live0) / 1000;
    await bridgeCommand(url, 'stop');
    const frames = recordedFrames(rec);
    const out: AppFigures = {
      label: tree.label, liveCpuPct, liveRssMaxMb: Math.max(...rssLive), liveSeconds,
      phases: {
        live: measured.live.map((r) => figures(r.tab, r.m, frames, true, r.rss)),
        liveLoaded: measured.liveLoaded.map((r) => figures(r.tab, r.m, frames, true, r.rss)),
        replay: [], replayLoaded: [],
      },
    };
    const name = rec.slice(rec.lastIndexOf('/') + 1);
    for (const phase of ['replay', 'replayLoaded'] as const) {
      const hogs = phase === 'replayLoaded' ? cpuHogs() : null;
      try {
        for (const tab of TABS) {
          await showTab(page, url, tab);
          const started = (await bridgeCall(url, 'replayRecording', name, 10)) as { ok: boolean; message?: string };
          if (!started.ok) throw new Error(`replay: ${started.message}`);
          await sleep(1000);
          const rss: number[] = [];
          const m = await measureTab(page, cdp, server, d[phase], rss);
          out.phases[phase].push(figures(tab, m, frames, false, Math.max(...rss)));
          log(`${tree.label}: ${phase} ${tab} done (load ${loadavg()[0]!.toFixed(2)})`);
        }
      } finally {
        hogs?.stop();
      }
    }
    if (problems.length) log(`${tree.label}: page problems: ${problems.slice(0, 5).join(' | ')}`);
    return out;
  } finally {
    await app.close();
  }
}

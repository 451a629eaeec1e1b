/**
 * The whole app at 200 Hz (issue 14): the real console — simulator on a pty →
 * serialport → PenClient → PenSession → WebSocket bridge → the page in
 * headless Chromium — on every tab, live at 200 Hz and during a 10× replay of
 * the 200 Hz session just recorded, quiet and with every core busy. Per tab:
 * main-thread work per frame p95 (target ≤ 16 ms), the share of telemetry
 * frames that reached the page's stores (target: all), pen→pixel latency
 * p50/p95 (target p95 ≤ 50 ms), WebSocket characters per second; the server's
 * CPU % (target ≤ 5 % of a core) and RSS over the quiet live phase (5 minutes
 * in the full run). The baseline is the console as it was before this work
 * (commit BASELINE_REV, checked out into .build/bench-ui), measured the same
 * way in the same run, first.
 *
 * Environment: PENBENCH_UI_QUICK=1 shortens every phase (the live phase to
 * 40 s instead of 5 min); PENBENCH_UI_BASELINE=<rev> measures another
 * baseline, `none` skips it. Load averages are printed with every figure.
 */
import { loadavg } from 'node:os';
import { baselineTree, currentTree } from './app/app-server.js';
import { TABS, measureApp, type AppFigures, type Durations, type TabFigures } from './app/measure-app.js';
import { fmt } from './section.js';

/** The console before issue 14. */
export const BASELINE_REV = 'ef175aa';

const FULL: Durations = { live: 75, liveLoaded: 20, replay: 20, replayLoaded: 15 };
const QUICK: Durations = { live: 10, liveLoaded: 8, replay: 8, replayLoaded: 6 };

const n1 = (x: number) => (Number.isFinite(x) ? fmt(x, 1) : '—');
const pctText = (x: number) => (Number.isFinite(x) ? `${fmt(x * 100, 1)} %` : '—');

function printPhase(title: string, rows: TabFigures[]): void {
  console.log(`   ${title}`);
  console.log('     tab         frame p95  p50   rAF p95  main busy  frames→page  pen→pixel p50/p95 (strokes)   WS kB/s  msg/s  server CPU  RSS MB   load');
  for (const r of rows) {
    console.log(
      `     ${r.tab.padEnd(11)} ${n1(r.frameP95).padStart(7)} ms ${n1(r.frameP50).padStart(4)} ${n1(r.intervalP95).padStart(7)} ms ${pctText(r.mainBusy).padStart(8)} ${pctText(r.share).padStart(9)}   `
      + `${n1(r.latP50)}/${n1(r.latP95)} ms (${n1(r.strokesLatP50)}/${n1(r.strokesLatP95)})`.padEnd(30)
      + `${n1(r.wsBytesPerS / 1000).padStart(7)} ${fmt(r.wsMsgsPerS).padStart(6)} ${n1(r.serverCpuPct).padStart(8)} % ${n1(r.serverRssMb).padStart(6)}   ${r.load.map((l) => l.toFixed(2)).join('→')}`,
    );
  }
}

function print(f: AppFigures): void {
  console.log(`  ${f.label}: server over the quiet live phase (${fmt(f.liveSeconds)} s, every tab): ${n1(f.liveCpuPct)} % of a core, RSS peak ${n1(f.liveRssMaxMb)} MB`);
  printPhase('live 200 Hz, quiet', f.phases.live);
  printPhase('live 200 Hz, every core busy', f.phases.liveLoaded);
  printPhase('10× replay of the 200 Hz recording, quiet', f.phases.replay);
  printPhase('10× replay, every core busy', f.phases.replayLoaded);
}

/** The JSON figures of one version: per phase and tab, plus the worst over tabs. */
function toJson(key: string, f: AppFigures): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (k: string, v: number) => {
    if (Number.isFinite(v)) out[`ui_app_${key}_${k}`] = Number(v.toFixed(3));
  };
  put('server_cpu_pct', f.liveCpuPct);
  put('server_rss_max_mb', f.liveRssMaxMb);
  put('live_seconds', f.liveSeconds);
  for (const [phase, rows] of Object.entries(f.phases)) {
    for (const r of rows) {
      const tab = r.tab.toLowerCase();
      put(`${phase}_${tab}_frame_p95_ms`, r.frameP95);
      put(`${phase}_${tab}_share`, r.share);
      put(`${phase}_${tab}_main_busy`, r.mainBusy);
      put(`${phase}_${tab}_pen_pixel_p50_ms`, r.latP50);
      put(`${phase}_${tab}_pen_pixel_p95_ms`, r.latP95);
      put(`${phase}_${tab}_ws_bytes_per_s`, r.wsBytesPerS);
    }
    if (rows.length) {
      put(`${phase}_worst_frame_p95_ms`, Math.max(...rows.map((r) => r.frameP95)));
      put(`${phase}_min_share`, Math.min(...rows.map((r) => r.share)));
      put(`${phase}_worst_pen_pixel_p95_ms`, Math.max(...rows.map((r) => r.latP95).filter(Number.isFinite)));
      put(`${phase}_ws_bytes_per_s_mean`, rows.reduce((s, r) => s + r.wsBytesPerS, 0) / rows.length);
    }
  }
  return out;
}

/** Runs the baseline (unless skipped) and this tree; prints both and the ratios. */
export async function runAppBench(): Promise<Record<string, number>> {
  const quick = process.env.PENBENCH_UI_QUICK === '1';
  const d = quick ? QUICK : FULL;
  const rev = process.env.PENBENCH_UI_BASELINE ?? BASELINE_REV;
  const log = (s: string) => console.log(`   … ${s}`);
  console.log(`   the real app, ${TABS.join(', ')}; ${quick ? 'QUICK' : 'full'} run: live ${d.live} s per tab (quiet), ${d.liveLoaded} s (busy), replay ${d.replay} s / ${d.replayLoaded} s; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results: AppFigures[] = [];
  if (rev !== 'none') results.push(await measureApp(await baselineTree(rev), d, log));
  results.push(await measureApp(await currentTree(), d, log));
  for (const f of results) print(f);
  const base = rev !== 'none' ? results[0] : undefined;
  const cur = results[results.length - 1]!;
  const json: Record<string, number> = { ...toJson('current', cur), ...(base ? toJson('baseline', base) : {}) };
  if (base) {
    const bytes = (f: AppFigures) => f.phases.live.reduce((s, r) => s + r.wsBytesPerS, 0) / f.phases.live.length;
    const ratio = bytes(base) / bytes(cur);
    json.ui_app_ws_bytes_cut_ratio = Number(ratio.toFixed(2));
    json.ui_app_server_cpu_ratio = Number((base.liveCpuPct / cur.liveCpuPct).toFixed(2));
    console.log(`   WebSocket traffic at 200 Hz (mean over tabs): ${n1(bytes(base) / 1000)} → ${n1(bytes(cur) / 1000)} kB/s, cut ${fmt(ratio, 1)}× (target ≥ 5×); server CPU ${n1(base.liveCpuPct)} → ${n1(cur.liveCpuPct)} % of a core`);
  }
  return json;
}

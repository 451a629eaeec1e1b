/**
 * A self-contained HTML report (no scripts, no external files): the pen and
 * the suite that judged it, a summary per safety rule, one row per case with
 * result, timing and measurements, and for each failed case an inline SVG
 * chart of the depth setpoint and measured depth from the telemetry seen,
 * with the pen's events marked.
 */
import type { CaseResult, SuiteResult, TracePoint } from '../harness/runner.js';
import { summarize } from '../harness/runner.js';
import { srIdsOf } from '../harness/select.js';
import { runProperties, xmlEscape as esc } from './junit.js';

const W = 720;
const H = 220;
const PAD = { l: 52, r: 12, t: 12, b: 30 };

/** An SVG line chart of d (setpoint) and m (measured) over time, with event markers. */
export function depthChartSvg(trace: readonly TracePoint[], events: readonly { at: number; text: string }[] = []): string {
  if (trace.length === 0) return '<p class="muted">No telemetry was seen in this case, so there is no depth trace.</p>';
  const t0 = Math.min(trace[0]!.at, ...events.map((e) => e.at));
  const t1 = Math.max(trace[trace.length - 1]!.at, ...events.map((e) => e.at), t0 + 1);
  const vmax = Math.max(500, ...trace.map((p) => Math.max(p.d, p.m))) * 1.1;
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / vmax) * (H - PAD.t - PAD.b);
  const path = (key: 'd' | 'm') => trace.map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${y(p[key]).toFixed(1)}`).join('');
  const ticks: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (vmax / 4) * k;
    ticks.push(`<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${PAD.l - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  }
  for (let k = 0; k <= 4; k++) {
    const t = t0 + ((t1 - t0) / 4) * k;
    const anchor = k === 0 ? 'start' : k === 4 ? 'end' : 'middle';
    ticks.push(`<text x="${x(t)}" y="${H - 10}" text-anchor="${anchor}">${Math.round(t)} ms</text>`);
  }
  const marks = events.map((e) => `<line x1="${x(e.at)}" x2="${x(e.at)}" y1="${PAD.t}" y2="${H - PAD.b}" class="evt"><title>${esc(e.text)} @ ${Math.round(e.at)} ms</title></line>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="depth trace">
<style>text{font:11px sans-serif;fill:#555}.grid{stroke:#e4e4e4}.evt{stroke:#c0392b;stroke-dasharray:3 3}.d{fill:none;stroke:#2c7be5;stroke-width:1.5}.m{fill:none;stroke:#f39c12;stroke-width:1.2}</style>
${ticks.join('\n')}
${marks.join('\n')}
<path class="d" d="${path('d')}"/><path class="m" d="${path('m')}"/>
<text x="${PAD.l + 6}" y="${PAD.t + 12}" style="fill:#2c7be5">setpoint d (µm)</text><text x="${PAD.l + 120}" y="${PAD.t + 12}" style="fill:#f39c12">measured m (µm)</text><text x="${PAD.l + 240}" y="${PAD.t + 12}" style="fill:#c0392b">events</text>
</svg>`;
}

function row(r: CaseResult): string {
  const metrics = Object.entries(r.metrics).map(([k, v]) => `${esc(k)}: <b>${esc(String(v))}</b>`).join('<br>');
  const detail = r.status === 'fail'
    ? `<tr class="detail"><td colspan="6"><div class="msg">${esc(r.message ?? '')}</div>${depthChartSvg(r.trace ?? [], r.events ?? [])}${r.log.length ? `<pre>${esc(r.log.join('\n'))}</pre>` : ''}</td></tr>`
    : '';
  const msg = r.status === 'skip' ? `<span class="muted">${esc(r.message ?? '')}</span>` : r.status === 'fail' ? '' : '';
  return `<tr class="${r.status}"><td class="st">${r.status.toUpperCase()}</td><td><code>${esc(r.id)}</code></td><td>${esc(r.title)}${msg ? `<br>${msg}` : ''}</td><td class="num">${r.durationMs.toFixed(0)} ms</td><td class="num">${r.targetMs.toFixed(0)} ms</td><td>${metrics}</td></tr>${detail}`;
}

/** One row per safety rule SR-01…SR-17, then one per other group: counts and the cases (failed ones first). */
export function ruleSummary(s: SuiteResult): { group: string; pass: number; fail: number; skip: number; cases: CaseResult[] }[] {
  const groups = new Map<string, CaseResult[]>();
  for (let n = 1; n <= 17; n++) groups.set(`SR-${String(n).padStart(2, '0')}`, []);
  for (const r of s.results) {
    const srs = srIdsOf(r);
    for (const g of srs.length ? srs : [r.id.split('.')[0]!]) groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const rank = { fail: 0, skip: 1, pass: 2 } as const;
  return [...groups].map(([group, cases]) => ({
    group, cases: [...cases].sort((a, b) => rank[a.status] - rank[b.status]),
    pass: cases.filter((c) => c.status === 'pass').length, fail: cases.filter((c) => c.status === 'fail').length, skip: cases.filter((c) => c.status === 'skip').length,
  }));
}

function summaryTable(s: SuiteResult): string {
  const rows = ruleSummary(s).map((g) => {
    const verdict = g.fail > 0 ? 'fail' : g.pass > 0 ? 'pass' : 'skip';
    const label = g.cases.length === 0 ? 'NOT COVERED (no case selected)' : verdict === 'fail' ? 'FAIL' : verdict === 'pass' ? (g.skip ? 'PASS (some skipped)' : 'PASS') : 'NOT RUN (all skipped)';
    const ids = g.cases.map((c) => `<code class="${c.status}">${esc(c.id)}</code>`).join(' ');
    return `<tr class="${verdict}"><td><b>${esc(g.group)}</b></td><td class="st">${label}</td><td class="num">${g.pass}</td><td class="num">${g.fail}</td><td class="num">${g.skip}</td><td>${ids}</td></tr>`;
  });
  return `<h2>Summary per safety rule</h2>
<table class="rules"><thead><tr><th>rule</th><th>verdict</th><th>passed</th><th>failed</th><th>skipped</th><th>cases</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

function identity(s: SuiteResult): string {
  return `<table class="ident"><tbody>${runProperties(s).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

/** Render the report. */
export function htmlReport(s: SuiteResult): string {
  const n = summarize(s);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>penbench HIL report — ${esc(s.pen ? `${s.pen.serial} ${s.pen.fw}` : s.target)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}th{background:#f4f4f4}
.num{text-align:right;white-space:nowrap}.st{font-weight:bold}.pass .st{color:#1e8449}.fail .st{color:#c0392b}.skip .st{color:#7f8c8d}
.fail{background:#fdf2f2}.detail td{background:#fff}.msg{color:#c0392b;margin:6px 0}.muted{color:#777}pre{background:#f7f7f7;padding:6px;max-height:240px;overflow:auto}
.sum span{margin-right:18px}.ident{width:auto}.ident th{background:none;font-weight:normal;color:#555}code.fail{color:#c0392b;font-weight:bold}code.skip{color:#7f8c8d}h2{font-size:16px;margin-top:20px}.rules td:first-child{white-space:nowrap}
</style></head><body>
<h1>penbench HIL conformance — pen <code>${esc(s.pen ? `${s.pen.serial} (${s.pen.fw})` : '?')}</code> on <code>${esc(s.target)}</code></h1>
<p class="sum"><span>started ${esc(s.startedAt)}</span><span>run time ${(s.durationMs / 1000).toFixed(1)} s</span><span>suite ${esc(s.suite.version)}</span></p>
<p class="sum"><span class="pass"><b>${n.pass}</b> passed</span><span><b>${n.fail}</b> failed</span><span><b>${n.skip}</b> skipped</span><span>${n.total} cases</span></p>
${identity(s)}
${summaryTable(s)}
<h2>Cases</h2>
<table><thead><tr><th>result</th><th>id</th><th>case</th><th>wall time</th><th>target time</th><th>measurements</th></tr></thead>
<tbody>
${s.results.map(row).join('\n')}
</tbody></table>
</body></html>
`;
}

import { describe, expect, it } from 'vitest';
import {
  CSV_HEADER, parseSessionJson, parseTelemetryCsv, sessionToJson, SummaryBuilder, telemetryToCsv, type TlmPoint,
} from '../../../console/shared/charts/index.js';
import { exportLoaded, loadRecordingText } from '../../../console/session/replay/index.js';
import { simSessionRecording } from '../replay/support/sim-session.js';

const tlm = (t: number, s: TlmPoint['s'], m: number, p = 0, n = 0): TlmPoint => ({ t, s, d: 1000, m, r: 120, n, p, c: 300, b: 90 });

describe('session summary', () => {
  it('counts needle-on time, passes and max depth per area, faults and the cartridge', () => {
    const b = new SummaryBuilder();
    b.info(undefined);
    b.cartInfo({ status: 'OK', id: 'N16-OK-01', type: 'N16', lot: 'L1', needles: 16, max: 2500 });
    b.event({ t: 0, ev: 'AREA', area: 'CHEEK' });
    for (let t = 0; t <= 10_000; t += 5) b.tlm(tlm(t, 'RUN', t < 2000 ? 0 : 1000 + (t === 5000 ? 90 : 0), t >= 8000 ? 2 : t >= 4000 ? 1 : 0, t));
    b.event({ t: 10_001, ev: 'FAULT', code: 'DEPTH_TOLERANCE' });
    b.event({ t: 10_002, ev: 'AREA', area: 'FOREHEAD' });
    for (let t = 10_005; t <= 12_000; t += 5) b.tlm(tlm(t, 'READY', 0, 0, 10_000));
    // A link gap is not needle-on time.
    b.tlm(tlm(20_000, 'RUN', 500, 1, 10_001));
    const s = b.result();
    const cheek = s.areas.find((a) => a.area === 'CHEEK')!;
    // 1601 frames on, each credited with the 5 ms since the frame before it.
    expect(cheek.needleOnMs).toBe(8005);
    expect(cheek.passes).toBe(2);
    expect(cheek.maxDepthUm).toBe(1090);
    const forehead = s.areas.find((a) => a.area === 'FOREHEAD')!;
    expect(forehead.needleOnMs).toBe(0);
    expect(forehead.passes).toBe(1);
    expect(s.faults).toEqual([{ t: 10_001, code: 'DEPTH_TOLERANCE', area: 'CHEEK' }]);
    expect(s.cartridges).toEqual([{ id: 'N16-OK-01', status: 'OK', type: 'N16', lot: 'L1', needles: 16, max: 2500, strokes: 10_001 }]);
  });

  it('a recorded simulator session: every area of the plan with its needle-on time, passes from EVT PASS, depth within tolerance', () => {
    const { text } = simSessionRecording({ durationMs: 90_000 });
    const rec = loadRecordingText('session-test.jsonl', text);
    const s = rec.summary;
    expect(s.areas.map((a) => a.area)).toEqual(['FOREHEAD', 'CHEEK', 'ACNE_SCAR']);
    for (const [area, set] of [['FOREHEAD', 500], ['CHEEK', 1000], ['ACNE_SCAR', 1500]] as const) {
      const a = s.areas.find((x) => x.area === area)!;
      expect(a.needleOnMs).toBeGreaterThan(25_000);
      expect(a.needleOnMs).toBeLessThan(30_100);
      expect(a.maxSetUm).toBe(set);
      expect(Math.abs(a.maxDepthUm - set)).toBeLessThanOrEqual(150); // SR-05 tolerance
      const passEvents = rec.events.filter((e) => e.ev === 'PASS' && e.area === area).length;
      expect(a.passes).toBe(passEvents);
    }
    expect(s.cartridges[0]).toMatchObject({ id: 'N12-OK-01', type: 'N12', needles: 12, max: 2500 });
    expect(s.cartridges[0]!.strokes).toBeGreaterThan(90 * 120 * 0.9 * 0.8);
    expect(rec.decodeErrors).toBe(0);
  });
});

describe('exports', () => {
  it('CSV of the telemetry parses back to exactly the recorded frames', () => {
    const { text } = simSessionRecording({ durationMs: 20_000 });
    const rec = loadRecordingText('session-a.jsonl', text);
    const csv = exportLoaded(rec, 'csv');
    expect(csv.filename).toBe('session-a-telemetry.csv');
    expect(csv.text.split('\n')[0]).toBe(CSV_HEADER);
    const back = parseTelemetryCsv(csv.text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.length).toBe(rec.tlm.length);
    // Compare with the frames decoded straight from the recording's TLM lines.
    const direct = text.split('\n').filter((l) => l.includes(' TLM ')).map((l) => JSON.parse(l).l as string);
    expect(back.value.length).toBe(direct.length);
    const m = /t=(\d+) s=(\w+) d=(\d+) m=(\d+)/.exec(direct[1234]!)!;
    expect(back.value[1234]).toMatchObject({ t: Number(m[1]), s: m[2], d: Number(m[3]), m: Number(m[4]) });
    expect(back.value).toEqual([...rec.tlm.rows()]);
  });

  it('JSON of events and summary parses back to what was recorded', () => {
    const { text } = simSessionRecording({ durationMs: 30_000 });
    const rec = loadRecordingText('session-b.jsonl', text);
    const json = exportLoaded(rec, 'json');
    const back = parseSessionJson(json.text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.events).toEqual(rec.events);
    expect(back.value.summary).toEqual(rec.summary);
    expect(back.value.startedAt).toBe(rec.stats.header!.wall);
    expect(rec.events.some((e) => e.ev === 'PASS')).toBe(true);
  });

  it('a bad CSV or JSON is refused with the line or field named', () => {
    expect(parseTelemetryCsv('t,s\n1,RUN\n')).toEqual({ ok: false, error: expect.stringContaining('line 1') });
    const bad = telemetryToCsv([tlm(1, 'RUN', 5)]).replace('RUN', 'RUNNING');
    expect(parseTelemetryCsv(bad)).toEqual({ ok: false, error: expect.stringContaining('line 2: state "RUNNING"') });
    const nonInt = telemetryToCsv([tlm(1, 'RUN', 5)]).replace(',5,', ',5.5,');
    expect(parseTelemetryCsv(nonInt).ok).toBe(false);
    expect(parseSessionJson('{').ok).toBe(false);
    expect(parseSessionJson(JSON.stringify({ format: 'penbench-session', version: 2 }))).toEqual({ ok: false, error: expect.stringContaining('version 2') });
    const good = sessionToJson('x', null, [{ t: 1, ev: 'PASS', n: 1 }], new SummaryBuilder().result());
    expect(parseSessionJson(good).ok).toBe(true);
    expect(parseSessionJson(good.replace('"ev": "PASS"', '"ev": 5')).ok).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  CSV_HEADER, parseSessionJson, parseTelemetryCsv, sessionToJson, SummaryBuilder, telemetryToCsv, type TlmPoint,
} from '../../../console/shared/charts/index.js';
import { exportLoaded, loadRecordingText } from '../../../console/session/replay/index.js';
import { simSessionRecording } from '../replay/support/sim-session.js';
import { encode, type Message } from '../../../protocol/src/index.js';

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
    expect(back.value[1234]!.tlm).toMatchObject({ t: Number(m[1]), s: m[2], d: Number(m[3]), m: Number(m[4]) });
    expect(back.value.map((r) => r.tlm)).toEqual([...rec.tlm.rows()]);
  });

  it('CSV columns: area id and the pen\'s name for it, skin contact, latched faults and the set rate beside each frame; mm, Hz and °C beside the raw units', () => {
    const { text } = simSessionRecording({
      durationMs: 12_000,
      plan: [
        { at: 500, cmds: [['SET_AREA', { area: 'CHEEK' }], ['SET_RATE', { hz: 100 }], ['SET_DEPTH', { um: 1000 }], ['START', {}]] },
        { at: 6000, cmds: [['STOP', {}]] },
      ],
    });
    const rec = loadRecordingText('session-c.jsonl', text);
    const csv = exportLoaded(rec, 'csv').text;
    expect(csv.split('\n')[0]).toBe(
      'device_time_ms,device_time_s,state,area,area_name,skin_contact,faults,depth_set_um,depth_set_mm,depth_measured_um,depth_measured_mm,'
      + 'depth_error_mm,rate_hz,rate_set_hz,strokes,passes,temp_0_1c,temp_c,battery_pct',
    );
    const back = parseTelemetryCsv(csv);
    if (!back.ok) throw new Error(back.error);
    const run = back.value.filter((r) => r.tlm.s === 'RUN');
    expect(run.length).toBeGreaterThan(500);
    const cols = CSV_HEADER.split(',');
    for (const r of run) {
      expect(r.area).toBe('CHEEK');
      // The pen's own AREA row name (recorded answer to GET_AREA), not the id.
      expect(r.areaName).toBe('Cheeks and chin');
      expect(r.setHz).toBe(100);
      expect(r.faults).toEqual([]);
    }
    // Skin contact follows EVT SKIN: the simulated pen touches skin while running (AUTO).
    expect(run.some((r) => r.skin === 1)).toBe(true);
    const line = csv.split('\n').find((l) => l.includes(',RUN,CHEEK,'))!.split(',');
    const at = (name: string): string => line[cols.indexOf(name)]!;
    expect(Number(at('depth_set_mm'))).toBeCloseTo(Number(at('depth_set_um')) / 1000, 6);
    expect(Number(at('depth_measured_mm'))).toBeCloseTo(Number(at('depth_measured_um')) / 1000, 6);
    expect(Number(at('depth_error_mm'))).toBeCloseTo((Number(at('depth_measured_um')) - Number(at('depth_set_um'))) / 1000, 6);
    expect(Number(at('temp_c'))).toBeCloseTo(Number(at('temp_0_1c')) / 10, 6);
    expect(Number(at('device_time_s'))).toBeCloseTo(Number(at('device_time_ms')) / 1000, 6);
    // Before any area is selected: empty area cells, no depth error outside RUN.
    const first = back.value[0]!;
    expect(first.area).toBe('');
    expect(csv.split('\n')[1]!.split(',')[cols.indexOf('depth_error_mm')]).toBe('');
  });

  it('CSV: a latched fault shows in the faults column from its EVT FAULT until FAULT_CLEAR; an area name with a comma is quoted', () => {
    const rows: TlmPoint[] = [tlm(1, 'RUN', 1000), tlm(2, 'FAULT', 0)];
    const csv = telemetryToCsv([
      { ...rows[0]!, ctx: { area: 'X', areaName: 'Cheek, left', skin: 1, faults: [], setHz: 120 } },
      { ...rows[1]!, ctx: { area: 'X', areaName: 'Cheek, left', skin: 0, faults: ['DEPTH_TOLERANCE', 'OVER_TEMP'], setHz: 120 } },
    ]);
    expect(csv.split('\n')[1]).toContain(',X,"Cheek, left",1,,');
    const back = parseTelemetryCsv(csv);
    if (!back.ok) throw new Error(back.error);
    expect(back.value[1]).toMatchObject({ areaName: 'Cheek, left', skin: 0, faults: ['DEPTH_TOLERANCE', 'OVER_TEMP'], setHz: 120 });
    // A recording with a fault raised and cleared between frames.
    let seq = 0;
    const line = (kind: string, fields: object): string =>
      JSON.stringify({ w: 1000 + seq, t: seq, d: 'in', l: encode({ seq: seq++, kind, fields } as unknown as Message).trimEnd() });
    const frame = (t: number, s: TlmPoint['s']) => line('TLM', { t, s, d: 1000, m: s === 'RUN' ? 1000 : 0, r: 120, n: 0, p: 0, c: 300, b: 90 });
    const text = [
      JSON.stringify({ type: 'start', format: 1, wall: 1000, target: 'sim' }),
      frame(10, 'RUN'),
      line('EVT', { ev: 'FAULT', t: 15, code: 'DEPTH_TOLERANCE', faults: '0001' }),
      frame(20, 'FAULT'),
      line('EVT', { ev: 'FAULT_CLEAR', t: 25, faults: '0001' }),
      frame(30, 'READY'),
    ].join('\n');
    const parsed = parseTelemetryCsv(exportLoaded(loadRecordingText('session-d.jsonl', text), 'csv').text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.map((r) => r.faults)).toEqual([[], ['DEPTH_TOLERANCE'], []]);
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
    expect(nonInt).not.toBe(telemetryToCsv([tlm(1, 'RUN', 5)]));
    expect(parseTelemetryCsv(nonInt).ok).toBe(false);
    expect(parseSessionJson('{').ok).toBe(false);
    expect(parseSessionJson(JSON.stringify({ format: 'penbench-session', version: 2 }))).toEqual({ ok: false, error: expect.stringContaining('version 2') });
    const good = sessionToJson('x', null, [{ t: 1, ev: 'PASS', n: 1 }], new SummaryBuilder().result());
    expect(parseSessionJson(good).ok).toBe(true);
    expect(parseSessionJson(good.replace('"ev": "PASS"', '"ev": 5')).ok).toBe(false);
  });
});

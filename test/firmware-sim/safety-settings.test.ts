/**
 * SR-01…SR-06 proven through the protocol: depth and rate settings (range, area cap,
 * cartridge max, slew) and the supervision of measured depth and rate.
 */
import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { READY, running } from './support/running.js';

describe('safety rules through the protocol: SR-01…SR-06 settings and their supervision', () => {
  it('SR-01 a depth outside 250..2500 µm or off the 50 µm grid is refused with DEPTH_RANGE and limits, never clamped', () => {
    const h = new Harness(READY).ready();
    for (const um of [2550, 3000, 240, 0, 1025, 1001]) {
      const r = h.cmd('SET_DEPTH', { um });
      expect(r.kind).toBe('NAK');
      expect(r.fields).toMatchObject({ code: 'DEPTH_RANGE', min: 250, max: 2500 });
    }
    expect(h.status().fields['um']).toBe(250);
    expect(h.cmd('SET_DEPTH', { um: 2500 }).kind).toBe('ACK');
    expect(h.status().fields['um']).toBe(2500);
  });

  it('SR-02 a depth above the area cap is refused, and so is selecting an area whose cap is below the setpoint', () => {
    const h = new Harness(READY).ready();
    expect(h.cmd('SET_AREA', { area: 'NOSE' }).kind).toBe('ACK');
    expect(h.cmd('SET_DEPTH', { um: 750 }).fields).toMatchObject({ code: 'DEPTH_AREA_LIMIT', max: 500 });
    expect(h.cmd('SET_AREA', { area: 'BODY' }).kind).toBe('ACK');
    expect(h.cmd('SET_DEPTH', { um: 2000 }).kind).toBe('ACK');
    const r = h.cmd('SET_AREA', { area: 'FOREHEAD' });
    expect(r.fields).toMatchObject({ code: 'DEPTH_AREA_LIMIT', max: 750 });
    expect(h.status().fields['area']).toBe('BODY');
    expect(h.cmd('SET_AREA', { area: 'MOON' }).fields['code']).toBe('AREA_UNKNOWN');
  });

  it('SR-03 a depth above the cartridge max is refused, and START is refused while the setpoint exceeds it', () => {
    const h = new Harness({ cartridge: 'N42-OK-01' }).ready();
    expect(h.cmd('SET_DEPTH', { um: 1000 }).fields).toMatchObject({ code: 'DEPTH_CART_LIMIT', max: 500 });
    const g = new Harness().ready();
    g.eng();
    g.cmd('SET_AREA', { area: 'BODY' });
    expect(g.cmd('SET_DEPTH', { um: 1000 }).kind).toBe('ACK');
    g.cmd('SIM_CART', { op: 'INSERT', id: 'N42-OK-02' });
    g.pen.advance(200);
    expect(g.cmd('START').fields).toMatchObject({ code: 'DEPTH_CART_LIMIT', max: 500 });
    expect(g.pen.snapshot().motorOn).toBe(false);
  });

  it('SR-04 while running, a depth change is slew-limited to 1 mm/s and never overshoots beyond tolerance', () => {
    const h = running(READY, 500);
    const from = h.frames.length;
    expect(h.cmd('SET_DEPTH', { um: 1500 }).kind).toBe('ACK');
    h.run(2000);
    const tlm = h.since(from, 'TLM').map((f) => ({ t: Number(f.fields['t']), m: Number(f.fields['m']) }));
    expect(tlm.length).toBeGreaterThan(350);
    for (let i = 10; i < tlm.length; i++) {
      const a = tlm[i - 10]!;
      const b = tlm[i]!;
      expect(b.m - a.m).toBeLessThanOrEqual((b.t - a.t) * 1 + 20); // 1 µm/ms plus sensor noise
    }
    expect(Math.max(...tlm.map((x) => x.m))).toBeLessThanOrEqual(1500 + 150);
    const reached = tlm.find((x) => x.m >= 1400)!;
    expect(reached.t - tlm[0]!.t).toBeGreaterThanOrEqual(850);
  });

  it('SR-05 measured depth off by more than 0.15 mm for more than 50 ms faults DEPTH_TOLERANCE and retracts', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'DEPTH_DRIFT', v: 5000 });
    h.run(300, 50);
    expect(h.evts('FAULT').map((e) => e.fields['code'])).toContain('DEPTH_TOLERANCE');
    expect(h.state).toBe('FAULT');
    const s = h.pen.snapshot();
    expect(s.motorOn).toBe(false);
    expect(s.trueDepthUm).toBe(0);
  });

  it('SR-05 the default DEPTH_DRIFT outruns the servo and faults within half a second', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'DEPTH_DRIFT' });
    h.run(500, 50);
    expect(h.evts('FAULT').map((e) => e.fields['code'])).toContain('DEPTH_TOLERANCE');
    expect(h.pen.snapshot().trueDepthUm).toBe(0);
  });

  it('SR-05 a slow drift within the servo authority is corrected and does not fault', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'DEPTH_DRIFT', v: 500 });
    h.run(1000, 50);
    expect(h.evts('FAULT')).toHaveLength(0);
    expect(h.state).toBe('RUN');
  });

  it('SR-05 a stuck servo faults DEPTH_TOLERANCE once the setpoint moves away', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'SERVO_STUCK' });
    h.run(200, 50);
    expect(h.evts('FAULT')).toHaveLength(0);
    const d = Number(h.status().fields['um']);
    expect(h.cmd('SET_DEPTH', { um: d > 500 ? d - 250 : d + 250 }).kind).toBe('ACK');
    h.run(1000, 50);
    expect(h.evts('FAULT').map((e) => e.fields['code'])).toContain('DEPTH_TOLERANCE');
  });

  it('SR-06 a rate outside 50..150 Hz is refused; a stall faults RATE_DEVIATION', () => {
    const h = running();
    for (const hz of [49, 151, 0, 300]) expect(h.cmd('SET_RATE', { hz }).fields).toMatchObject({ code: 'RATE_RANGE', min: 50, max: 150 });
    expect(h.status().fields['hz']).toBe(120);
    h.eng();
    h.cmd('SIM_FAULT', { f: 'STALL' });
    h.run(500, 50);
    expect(h.evts('FAULT').map((e) => e.fields['code'])).toContain('RATE_DEVIATION');
    expect(h.pen.snapshot().motorOn).toBe(false);
  });
});

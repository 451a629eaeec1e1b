/** Telemetry and events through the wire: rate, size, content, event kinds. */
import { describe, expect, it } from 'vitest';
import { decodeLine } from '../../protocol/src/index.js';
import { Harness } from './support/harness.js';

describe('telemetry and events', () => {
  it.each([1, 10, 50, 150, 200])('TLM_RATE %i Hz gives that many TLM frames per second of pen time', (hz) => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.cmd('TLM_RATE', { hz });
    const from = h.frames.length;
    h.run(10_000, 200);
    const n = h.since(from, 'TLM').length;
    expect(Math.abs(n - hz * 10)).toBeLessThanOrEqual(1);
  });

  it('TLM_RATE 0 stops telemetry; above 200 is refused by the codec as BAD_ARGS', () => {
    const h = new Harness().ready();
    h.cmd('TLM_RATE', { hz: 50 });
    h.cmd('TLM_RATE', { hz: 0 });
    const from = h.frames.length;
    h.run(1000, 0);
    expect(h.since(from, 'TLM')).toHaveLength(0);
    expect(h.cmd('TLM_RATE', { hz: 201 }).fields['code']).toBe('BAD_ARGS');
  });

  it('a TLM line stays within 80 bytes while running, even with the largest values', () => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.cmd('TLM_RATE', { hz: 200 });
    h.cmd('SET_RATE', { hz: 150 });
    h.cmd('SET_AREA', { area: 'BODY' });
    h.cmd('SET_DEPTH', { um: 2500 });
    h.cmd('START');
    h.run(30_000, 200);
    const lines = h.raw.filter((l) => l.includes(' TLM '));
    expect(lines.length).toBeGreaterThan(5000);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(81); // 80 bytes + LF
    // Worst case: 10-digit device time, 10-digit stroke count, 4-digit depths, 3-digit temperature and battery.
    const worst = '$65535 TLM t=4294967295 s=CHARGE d=2500 m=2500 r=150 n=4294967295 p=99 c=1500 b=100*FFFF';
    expect(worst.length).toBeGreaterThan(80);
    const running = lines.map((l) => decodeLine(l)).filter((r) => r.ok && (r.msg.fields as { s: string }).s === 'RUN');
    expect(running.length).toBeGreaterThan(0);
    // The worst case while running: the 32-bit device time at its widest, at most 60 min × 150 Hz strokes
    // on one cartridge (SR-09), and a handpiece below 43.x °C (SR-13 stops it above).
    const realistic = '$65535 TLM t=4294967295 s=RUN d=2500 m=2500 r=150 n=540000 p=99 c=439 b=100*FFFF';
    expect(realistic.length).toBeLessThanOrEqual(80);
  });

  it('TLM reports state, setpoint, measured depth and rate, strokes, passes, temperature and battery', () => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.cmd('TLM_RATE', { hz: 10 });
    h.cmd('SET_AREA', { area: 'CHEEK' });
    h.cmd('SET_DEPTH', { um: 1000 });
    h.cmd('START');
    h.run(30_000, 200);
    const last = h.since(0, 'TLM').at(-1)!.fields;
    expect(last).toMatchObject({ s: 'RUN', d: 1000 });
    expect(Math.abs(Number(last['m']) - 1000)).toBeLessThanOrEqual(150);
    expect(Math.abs(Number(last['r']) - 120)).toBeLessThanOrEqual(12);
    expect(Number(last['n'])).toBeGreaterThan(120 * 28);
    expect(Number(last['p'])).toBeGreaterThanOrEqual(2); // AUTO operator: passes of 4-8 s
    expect(Number(last['c'])).toBeGreaterThan(240);
    expect(Number(last['b'])).toBeLessThanOrEqual(100);
    const pass = h.evts('PASS');
    expect(pass.length).toBe(Number(last['p']));
    expect(pass[0]!.fields).toMatchObject({ n: 1, area: 'CHEEK' });
    expect(h.evts('SKIN').map((e) => e.fields['on']).slice(0, 4)).toEqual([1, 0, 1, 0]);
  });

  it('EVT reports boot, state changes, cartridge in/ok/out/reject, area, fault raised and cleared', () => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.eng();
    h.cmd('SET_AREA', { area: 'NOSE' });
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N16-EXPIRED' });
    h.pen.advance(200);
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 1 });
    h.pen.advance(2);
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 80 });
    h.pen.advance(2);
    h.cmd('CLEAR_FAULT');
    const evs = h.evts().map((e) => e.fields['ev']);
    for (const ev of ['CART_IN', 'CART_OK', 'BOOT', 'STATE', 'ENG', 'AREA', 'CART_OUT', 'CART_REJECT', 'FAULT', 'FAULT_CLEAR']) expect(evs).toContain(ev);
    expect(h.evts('CART_REJECT')[0]!.fields).toMatchObject({ id: 'N16-EXPIRED', code: 'EXPIRED' });
    expect(h.evts('STATE').map((e) => e.fields['st'])).toEqual(['READY', 'NOCART', 'VERIFY', 'REJECT', 'FAULT', 'REJECT']);
  });
});

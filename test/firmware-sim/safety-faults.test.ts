/** SR-11, SR-13, SR-14 proven through the protocol: the heartbeat lease, temperature and battery limits, latched faults. */
import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { READY, running } from './support/running.js';

describe('safety rules through the protocol: SR-11, SR-13, SR-14 lease, limits and latched faults', () => {
  it('SR-11 with no valid frame for 500 ms while running the pen stops with LINK_LOST; heartbeats keep it running', () => {
    const h = running();
    h.run(3000, 200);
    expect(h.state).toBe('RUN');
    h.pen.advance(450);
    expect(h.pen.snapshot().motorOn).toBe(true);
    h.pen.advance(100);
    expect(h.pen.snapshot().motorOn).toBe(false);
    expect(h.evts('LEASE')).toHaveLength(1);
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe('LINK_LOST');
    // A bad-CRC line does not renew the lease.
    const g = running();
    for (let i = 0; i < 6; i++) {
      g.pen.advance(100);
      g.pen.receiveLine('$99 PING*0000');
    }
    expect(g.evts('LEASE')).toHaveLength(1);
  });

  it('SR-13 the handpiece above 43 °C stops the pen with OVER_TEMP', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'OVERTEMP', v: 300 });
    h.run(120_000, 400);
    expect(h.evts('FAULT').map((e) => e.fields['code'])).toContain('OVER_TEMP');
    const tlm = h.since(0, 'TLM').filter((f) => f.fields['s'] === 'RUN');
    expect(Math.max(...tlm.map((f) => Number(f.fields['c'])))).toBeLessThanOrEqual(432);
    expect(h.pen.snapshot().motorOn).toBe(false);
  });

  it('SR-13 battery below 10 % refuses START, below 3 % stops the pen', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SET_AREA', { area: 'CHEEK' });
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 8 });
    h.pen.advance(5);
    expect(h.cmd('START').fields).toMatchObject({ code: 'BATTERY_LOW', min: 10 });
    expect(h.state).toBe('LOWBAT');
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 50 });
    h.pen.advance(5);
    expect(h.cmd('START').kind).toBe('ACK');
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 2 });
    h.pen.advance(5);
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe('BATTERY_CRITICAL');
    expect(h.pen.snapshot().motorOn).toBe(false);
  });

  it('SR-14 a fault latches: START and CLEAR_FAULT are refused while the condition persists; clear then restart', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'STALL' });
    h.run(600, 50);
    expect(h.state).toBe('FAULT');
    expect(h.cmd('START').fields['code']).toBe('FAULT_ACTIVE');
    expect(h.cmd('CLEAR_FAULT').fields['code']).toBe('FAULT_PRESENT');
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    h.pen.advance(5);
    expect(h.state).toBe('FAULT'); // condition gone but not cleared by the host yet
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    expect(h.evts('FAULT_CLEAR')).toHaveLength(1);
    expect(h.state).toBe('READY');
    expect(h.cmd('START').kind).toBe('ACK');
  });
});

/** SR-15…SR-17 proven through the protocol: refused input changes nothing, STOP in every state, the engineering lock. */
import { describe, expect, it } from 'vitest';
import { frame } from '../../protocol/src/index.js';
import { Harness } from './support/harness.js';
import { READY } from './support/running.js';

describe('safety rules through the protocol: SR-15…SR-17 refusals, STOP and engineering access', () => {
  it('SR-15 malformed, unknown, out-of-range and out-of-state commands never change state', () => {
    const h = new Harness(READY).ready();
    const before = JSON.stringify(h.pen.snapshot().context);
    const stats0 = h.pen.link.stats.rxBadCrc;
    expect(h.line('$5 SET_DEPTH um=1000*0000\n')).toBeUndefined(); // bad CRC: dropped, counted
    expect(h.pen.link.stats.rxBadCrc).toBe(stats0 + 1);
    expect(h.line(frame('6 FLY_AWAY'), 6)?.fields['code']).toBe('UNKNOWN_KIND');
    expect(h.line(frame('7 SET_DEPTH um=abc'), 7)?.fields['code']).toBe('BAD_ARGS');
    expect(h.line(frame('8 SET_DEPTH'), 8)?.fields['code']).toBe('BAD_ARGS');
    expect(h.cmd('SET_DEPTH', { um: 9000 }).fields['code']).toBe('DEPTH_RANGE');
    expect(h.cmd('CLEAR_FAULT').fields['code']).toBe('BAD_STATE');
    expect(h.cmd('ENG_AUTH', { mac: '0000000000000000' }).fields['code']).toBe('AUTH');
    expect(JSON.stringify(h.pen.snapshot().context)).toBe(before);
  });

  it('SR-16 STOP is accepted in every state, is idempotent, and retracts within one stroke period', () => {
    const h = new Harness(READY);
    expect(h.cmd('STOP').kind).toBe('ACK'); // BOOT, before HELLO
    h.ready();
    expect(h.cmd('STOP').kind).toBe('ACK'); // READY
    h.cmd('SET_AREA', { area: 'BODY' });
    h.cmd('SET_RATE', { hz: 150 });
    h.cmd('SET_DEPTH', { um: 2500 });
    h.cmd('START');
    h.run(3000);
    expect(h.pen.snapshot().trueDepthUm).toBeGreaterThan(2400);
    expect(h.cmd('STOP').kind).toBe('ACK');
    h.pen.advance(Math.floor(1000 / 150));
    expect(h.pen.snapshot().trueDepthUm).toBe(0);
    expect(h.cmd('STOP').kind).toBe('ACK');
    h.eng();
    h.cmd('SIM_FAULT', { f: 'OVERLOAD' });
    h.cmd('START');
    h.run(800, 50);
    expect(h.state).toBe('FAULT');
    expect(h.cmd('STOP').kind).toBe('ACK');
    expect(h.cmd('STOP').kind).toBe('ACK');
  });

  it('SR-17 SIM_* and ENG_PROFILE are LOCKED until ENG_AUTH answers the challenge with the right MAC', () => {
    const h = new Harness(READY).ready();
    expect(h.cmd('SIM_FAULT', { f: 'STALL' }).fields['code']).toBe('LOCKED');
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).fields['code']).toBe('LOCKED');
    expect(h.cmd('ENG_OPEN').kind).toBe('CHAL');
    expect(h.cmd('ENG_AUTH', { mac: '0123456789ABCDEF' }).fields['code']).toBe('AUTH');
    expect(h.cmd('SIM_SKIN', { mode: 'ON' }).fields['code']).toBe('LOCKED');
    const phash = h.info().fields['phash'];
    h.eng();
    expect(h.status().fields['eng']).toBe(1);
    expect(h.cmd('ENG_PROFILE', { name: 'NOPE' }).fields['code']).toBe('PROFILE_UNKNOWN');
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).kind).toBe('ACK');
    const info = h.info().fields;
    expect(info['profile']).toBe('TRAINING');
    expect(info['phash']).not.toBe(phash);
    expect(h.cmd('ENG_CLOSE').kind).toBe('ACK');
    expect(h.cmd('SIM_FAULT', { f: 'CLEAR' }).fields['code']).toBe('LOCKED');
  });
});

/** INFO tells the host the limits the pen really enforces; STATUS its state and settings. */
import { describe, expect, it } from 'vitest';
import { MAX_LINE } from '../../protocol/src/index.js';
import { createSimPen } from '../../firmware-sim/src/pen/sim-pen.js';
import { Harness } from './support/harness.js';

const READY = { cartridge: 'N12-OK-01' };

describe('INFO and STATUS of the simulated pen', () => {
  it('INFO carries identity and every limit, all within one line', () => {
    const h = new Harness(READY);
    h.pen.advance(400);
    const hello = h.hello();
    expect(hello.kind).toBe('INFO');
    expect(hello.fields).toMatchObject({ serial: 'PB-SIM-0001', dmin: 250, dmax: 2500, dstep: 50, rmin: 50, rmax: 150, tmax: 200, sim: 1 });
    expect(hello.fields).not.toHaveProperty('um');
    const line = h.raw.find((l) => l.includes(' INFO '))!;
    expect(line.length - 1).toBeLessThanOrEqual(MAX_LINE);
  });

  it('SR-01 SR-06 the limits in INFO are exactly where the pen starts refusing', () => {
    const h = new Harness(READY).ready();
    const f = h.info().fields as Record<string, number>;
    expect(h.cmd('SET_DEPTH', { um: f['dmax']! }).kind).toBe('ACK');
    expect(h.cmd('SET_DEPTH', { um: f['dmax']! + f['dstep']! }).fields).toMatchObject({ code: 'DEPTH_RANGE', max: f['dmax'] });
    expect(h.cmd('SET_DEPTH', { um: f['dmin']! }).kind).toBe('ACK');
    expect(h.cmd('SET_DEPTH', { um: f['dmin']! - f['dstep']! }).fields).toMatchObject({ code: 'DEPTH_RANGE', min: f['dmin'] });
    expect(h.cmd('SET_DEPTH', { um: f['dmin']! + f['dstep']! / 2 }).fields['code']).toBe('DEPTH_RANGE');
    expect(h.cmd('SET_RATE', { hz: f['rmax']! }).kind).toBe('ACK');
    expect(h.cmd('SET_RATE', { hz: f['rmax']! + 1 }).fields).toMatchObject({ code: 'RATE_RANGE', max: f['rmax'] });
    expect(h.cmd('SET_RATE', { hz: f['rmin']! - 1 }).fields).toMatchObject({ code: 'RATE_RANGE', min: f['rmin'] });
  });

  it('STATUS follows the settings, the selected area, the state and the engineering session', () => {
    const h = new Harness(READY).ready();
    expect(h.status()).toMatchObject({ kind: 'STATUS', fields: { st: 'READY', um: 250, hz: 120, eng: 0 } });
    expect(h.status().fields).not.toHaveProperty('area');
    h.cmd('SET_AREA', { area: 'CHEEK' });
    h.cmd('SET_DEPTH', { um: 1000 });
    h.cmd('SET_RATE', { hz: 90 });
    h.eng();
    expect(h.status().fields).toMatchObject({ st: 'READY', area: 'CHEEK', um: 1000, hz: 90, eng: 1 });
    h.cmd('START');
    expect(h.state).toBe('RUN');
    h.cmd('STOP');
    h.run(50);
    expect(h.state).toBe('READY');
  });

  it('GET_STATUS waits for the handshake like every settings command (NAK VERSION before HELLO)', () => {
    const h = new Harness(READY);
    h.pen.advance(400);
    expect(h.cmd('GET_STATUS').fields).toMatchObject({ code: 'VERSION' });
    expect(h.cmd('GET_INFO').kind).toBe('INFO');
  });

  it('a serial too long for INFO is refused when the pen is made, naming the limit', () => {
    expect(() => createSimPen({ serial: 'PB-SIM-000000001' })).toThrow(/1\.\.12/);
    expect(() => createSimPen({ serial: 'pb-lower' })).toThrow(/serial/);
  });
});

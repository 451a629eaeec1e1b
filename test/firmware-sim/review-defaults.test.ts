/**
 * Issue 10, through the wire: the unsafe defaults changed — no START without an
 * area (SR-02), an engineering session that ends with its host and CSPRNG
 * nonces (SR-17), RESET_SETTINGS, a pen with narrower limits that enforces
 * them, and BAD_STATE texts that say what the command needs.
 */
import { describe, expect, it } from 'vitest';
import { encode, type Message } from '../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../protocol/node/eng-auth.js';
import { Harness } from './support/harness.js';
import { READY, running } from './support/running.js';

describe('issue 10: safe defaults', () => {
  it('SR-02 START is refused NO_AREA until a treatment area is selected (SET_DEPTH 2500 alone does not start)', () => {
    const h = new Harness(READY).ready();
    expect(h.status().fields).not.toHaveProperty('area');
    expect(h.cmd('SET_DEPTH', { um: 2500 }).kind).toBe('ACK');
    expect(h.cmd('START').fields).toMatchObject({ code: 'NO_AREA' });
    expect(h.pen.snapshot().motorOn).toBe(false);
    // Checked after the battery and before the cartridge (PROTOCOL.md, START's order of checks).
    const e = new Harness().ready();
    expect(e.cmd('START').fields['code']).toBe('NO_AREA');
    e.eng();
    e.cmd('SIM_FAULT', { f: 'BATTERY', v: 8 });
    e.pen.advance(2);
    expect(e.cmd('START').fields['code']).toBe('BATTERY_LOW');
    expect(h.cmd('SET_AREA', { area: 'BODY' }).kind).toBe('ACK');
    expect(h.cmd('START').kind).toBe('ACK');
  });

  it('SR-17 every HELLO closes an open engineering session: a new host sees eng=0 and SIM_* is LOCKED', () => {
    const h = new Harness(READY).ready();
    h.eng();
    expect(h.status().fields['eng']).toBe(1);
    const from = h.frames.length;
    h.hello();
    const out = h.since(from).filter((f) => f.kind !== 'TLM');
    expect(out.map((f) => f.kind)).toEqual(['INFO', 'EVT']);
    expect(out[1]!.fields).toMatchObject({ ev: 'ENG', msg: 'closed: HELLO' });
    expect(h.status().fields['eng']).toBe(0);
    expect(h.cmd('SIM_FAULT', { f: 'STALL' }).fields['code']).toBe('LOCKED');
    // A mismatching HELLO closes it too; and settings survive any HELLO.
    h.eng();
    h.cmd('SET_AREA', { area: 'CHEEK' });
    h.cmd('SET_DEPTH', { um: 1500 });
    h.line(encode({ seq: 900, kind: 'HELLO', fields: { proto: 1, schema: '00000000' } } as unknown as Message));
    h.hello();
    expect(h.status().fields).toMatchObject({ eng: 0, area: 'CHEEK', um: 1500 });
  });

  it('SR-17 the session closes after 1000 ms without a well-formed host command, and after 10 min without an engineering command', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.pen.advance(900);
    expect(h.status().fields['eng']).toBe(1);
    h.pen.advance(1100);
    expect(h.evts('ENG').at(-1)?.fields['msg']).toBe('closed: link');
    expect(h.status().fields['eng']).toBe(0);
    h.eng();
    h.run(9 * 60_000, 200);
    expect(h.status().fields['eng']).toBe(1);
    h.cmd('SIM_SKIN', { mode: 'AUTO' });
    h.run(9 * 60_000, 200);
    expect(h.status().fields['eng']).toBe(1);
    h.run(2 * 60_000, 200);
    expect(h.evts('ENG').at(-1)?.fields['msg']).toBe('closed: idle');
    expect(h.status().fields['eng']).toBe(0);
  });

  it('SR-17 the lease expiring while running closes the session', () => {
    const h = running();
    h.eng();
    h.pen.advance(600);
    expect(h.evts('LEASE')).toHaveLength(1);
    expect(h.evts('ENG').at(-1)?.fields['msg']).toBe('closed: link');
  });

  it('SR-17 challenge nonces are not the seeded generator\'s: same seed, different challenges; a recorded ENG_AUTH does not replay', () => {
    const a = new Harness({ ...READY, seed: 7 }).ready();
    const b = new Harness({ ...READY, seed: 7 }).ready();
    const na = String(a.cmd('ENG_OPEN').fields['nonce']);
    const nb = String(b.cmd('ENG_OPEN').fields['nonce']);
    expect(na).toMatch(/^[0-9A-F]{16}$/);
    expect(na).not.toBe(nb);
    // A recorded session: the same lines sent to a pen of the same seed do not open it.
    const recorded = encode({ seq: 40, kind: 'ENG_AUTH', fields: { mac: engMac(DEFAULT_ENG_KEY_HEX, na, 'PB-SIM-0001') } } as unknown as Message);
    expect(a.line(recorded, 40)?.kind).toBe('ACK');
    const c = new Harness({ ...READY, seed: 7 }).ready();
    c.cmd('ENG_OPEN');
    expect(c.line(recorded, 40)?.fields['code']).toBe('AUTH');
  });

  it('SR-14 RESET_SETTINGS returns area, depth, rate and telemetry rate to power-on settings; refused BAD_STATE while running', () => {
    const h = new Harness(READY).ready();
    h.cmd('SET_AREA', { area: 'CHEEK' });
    h.cmd('SET_DEPTH', { um: 1500 });
    h.cmd('SET_RATE', { hz: 80 });
    h.cmd('TLM_RATE', { hz: 50 });
    h.cmd('START');
    h.run(200);
    expect(h.cmd('RESET_SETTINGS').fields).toMatchObject({ code: 'BAD_STATE', msg: 'RESET_SETTINGS needs not BOOT/RUN/STOP; pen is RUN' });
    h.cmd('STOP');
    h.run(20);
    const from = h.frames.length;
    expect(h.cmd('RESET_SETTINGS').kind).toBe('ACK');
    expect(h.since(from, 'EVT').map((f) => f.fields)).toEqual([expect.objectContaining({ ev: 'AREA', area: 'NONE', n: 0 })]);
    expect(h.status().fields).toMatchObject({ um: 250, hz: 120 });
    expect(h.status().fields).not.toHaveProperty('area');
    expect(h.pen.snapshot().tlmHz).toBe(0);
    expect(h.cmd('START').fields['code']).toBe('NO_AREA');
    // With no area selected there is no area change to announce.
    const again = h.frames.length;
    expect(h.cmd('RESET_SETTINGS').kind).toBe('ACK');
    expect(h.since(again, 'EVT')).toEqual([]);
  });

  it('SR-01 SR-06 a pen started with narrower limits reports them in INFO and enforces them, naming them in its refusals', () => {
    const h = new Harness({ ...READY, limits: { dmax: 2000, rmax: 140, tmax: 100 } }).ready();
    expect(h.info().fields).toMatchObject({ dmin: 250, dmax: 2000, dstep: 50, rmin: 50, rmax: 140, tmax: 100 });
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('SET_DEPTH', { um: 2050 }).fields).toMatchObject({ code: 'DEPTH_RANGE', min: 250, max: 2000 });
    expect(h.cmd('SET_DEPTH', { um: 2000 }).kind).toBe('ACK');
    expect(h.cmd('SET_RATE', { hz: 145 }).fields).toMatchObject({ code: 'RATE_RANGE', min: 50, max: 140 });
    expect(h.cmd('TLM_RATE', { hz: 150 }).fields).toMatchObject({ code: 'TLM_RANGE', max: 100 });
    expect(h.cmd('TLM_RATE', { hz: 100 }).kind).toBe('ACK');
    // Power-on settings inside the limits: a pen whose rmax is below 120 Hz starts at its rmax.
    const slow = new Harness({ limits: { rmax: 100, dmin: 500 } }).ready();
    expect(slow.status().fields).toMatchObject({ um: 500, hz: 100 });
    expect(() => new Harness({ limits: { dmax: 2600 } })).toThrow(/dmax/);
  });

  it('SR-15 BAD_STATE says which state the command needs and which the pen is in', () => {
    const h = running();
    expect(h.cmd('START').fields).toMatchObject({ code: 'BAD_STATE', msg: 'START needs READY; pen is RUN' });
    expect(h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'BAD_STATE', msg: 'CLEAR_FAULT needs FAULT; pen is RUN' });
    h.eng();
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).fields).toMatchObject({ code: 'BAD_STATE', msg: 'ENG_PROFILE needs not BOOT/RUN; pen is RUN' });
    expect(h.cmd('ENG_OPEN').fields).toMatchObject({ code: 'BAD_STATE', msg: 'ENG_OPEN needs no open session; session is open' });
    expect(h.cmd('ENG_AUTH', { mac: '0123456789ABCDEF' }).fields).toMatchObject({ code: 'BAD_STATE', msg: 'ENG_AUTH needs no open session; session is open' });
    const b = new Harness(READY);
    b.pen.advance(50);
    b.hello();
    expect(b.cmd('SET_DEPTH', { um: 500 }).fields).toMatchObject({ code: 'BAD_STATE', msg: 'SET_DEPTH needs a booted pen; pen is BOOT' });
    expect(b.cmd('SET_RATE', { hz: 100 }).fields).toMatchObject({ code: 'BAD_STATE', msg: 'SET_RATE needs a booted pen; pen is BOOT' });
    expect(b.cmd('SET_AREA', { area: 'BODY' }).fields).toMatchObject({ code: 'BAD_STATE', msg: 'SET_AREA needs a booted pen; pen is BOOT' });
    expect(b.cmd('START').fields).toMatchObject({ code: 'BAD_STATE', msg: 'START needs READY; pen is BOOT' });
    expect(b.cmd('RESET_SETTINGS').fields).toMatchObject({ code: 'BAD_STATE', msg: 'RESET_SETTINGS needs not BOOT/RUN/STOP; pen is BOOT' });
    b.eng();
    expect(b.cmd('ENG_PROFILE', { name: 'TRAINING' }).fields).toMatchObject({ code: 'BAD_STATE', msg: 'ENG_PROFILE needs not BOOT/RUN; pen is BOOT' });
  });
});

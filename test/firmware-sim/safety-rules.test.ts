/**
 * SR-01…SR-17 proven through the protocol: encoded command lines into the pen,
 * decoded ACK/NAK/INFO/CART/TLM/EVT frames out.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frame } from '../../protocol/src/index.js';
import { MemoryNvm } from '../../firmware-sim/src/cartridge/nvm.js';
import { FileNvm } from '../../firmware-sim/src/node/file-nvm.js';
import { Harness } from './support/harness.js';

const READY = { cartridge: 'N12-OK-01' };

function running(opts = READY, depth = 1000): Harness {
  const h = new Harness(opts).ready();
  h.cmd('TLM_RATE', { hz: 200 });
  expect(h.cmd('SET_DEPTH', { um: depth }).kind).toBe('ACK');
  expect(h.cmd('START').kind).toBe('ACK');
  h.run(1500);
  return h;
}

describe('safety rules through the protocol', () => {
  it('SR-01 a depth outside 250..2500 µm or off the 50 µm grid is refused with DEPTH_RANGE and limits, never clamped', () => {
    const h = new Harness(READY).ready();
    for (const um of [2550, 3000, 240, 0, 1025, 1001]) {
      const r = h.cmd('SET_DEPTH', { um });
      expect(r.kind).toBe('NAK');
      expect(r.fields).toMatchObject({ code: 'DEPTH_RANGE', min: 250, max: 2500 });
    }
    expect(h.info().fields['um']).toBe(250);
    expect(h.cmd('SET_DEPTH', { um: 2500 }).kind).toBe('ACK');
    expect(h.info().fields['um']).toBe(2500);
  });

  it('SR-02 a depth above the area cap is refused, and so is selecting an area whose cap is below the setpoint', () => {
    const h = new Harness(READY).ready();
    expect(h.cmd('SET_AREA', { area: 'NOSE' }).kind).toBe('ACK');
    expect(h.cmd('SET_DEPTH', { um: 750 }).fields).toMatchObject({ code: 'DEPTH_AREA_LIMIT', max: 500 });
    expect(h.cmd('SET_AREA', { area: 'BODY' }).kind).toBe('ACK');
    expect(h.cmd('SET_DEPTH', { um: 2000 }).kind).toBe('ACK');
    const r = h.cmd('SET_AREA', { area: 'FOREHEAD' });
    expect(r.fields).toMatchObject({ code: 'DEPTH_AREA_LIMIT', max: 750 });
    expect(h.info().fields['area']).toBe('BODY');
    expect(h.cmd('SET_AREA', { area: 'MOON' }).fields['code']).toBe('AREA_UNKNOWN');
  });

  it('SR-03 a depth above the cartridge max is refused, and START is refused while the setpoint exceeds it', () => {
    const h = new Harness({ cartridge: 'N42-OK-01' }).ready();
    expect(h.cmd('SET_DEPTH', { um: 1000 }).fields).toMatchObject({ code: 'DEPTH_CART_LIMIT', max: 500 });
    const g = new Harness().ready();
    g.eng();
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
    const d = Number(h.info().fields['um']);
    expect(h.cmd('SET_DEPTH', { um: d > 500 ? d - 250 : d + 250 }).kind).toBe('ACK');
    h.run(1000, 50);
    expect(h.evts('FAULT').map((e) => e.fields['code'])).toContain('DEPTH_TOLERANCE');
  });

  it('SR-06 a rate outside 50..150 Hz is refused; a stall faults RATE_DEVIATION', () => {
    const h = running();
    for (const hz of [49, 151, 0, 300]) expect(h.cmd('SET_RATE', { hz }).fields).toMatchObject({ code: 'RATE_RANGE', min: 50, max: 150 });
    expect(h.info().fields['hz']).toBe(120);
    h.eng();
    h.cmd('SIM_FAULT', { f: 'STALL' });
    h.run(500, 50);
    expect(h.evts('FAULT').map((e) => e.fields['code'])).toContain('RATE_DEVIATION');
    expect(h.pen.snapshot().motorOn).toBe(false);
  });

  it.each([
    ['N16-EXPIRED', 'CART_EXPIRED'],
    ['N24-RECALLED', 'CART_RECALLED'],
    ['N12-FORGED', 'CART_AUTH'],
    ['N42-TAMPERED', 'CART_AUTH'],
    ['N16-UNSEALED', 'CART_UNSEALED'],
    ['N12-REUSED', 'CART_REUSED'],
  ])('SR-07 the motor does not start with sample %s: NAK %s, EVT CART_REJECT', (id, code) => {
    const h = new Harness({ cartridge: id }).ready();
    expect(h.cmd('START').fields['code']).toBe(code);
    expect(h.evts('CART_REJECT')).toHaveLength(1);
    expect(h.pen.snapshot().motorOn).toBe(false);
    expect(h.state).toBe('REJECT');
  });

  it('SR-07 no cartridge, or an unseated one, refuses START; a verified seated one starts', () => {
    const h = new Harness().ready();
    expect(h.cmd('START').fields['code']).toBe('NO_CARTRIDGE');
    h.eng();
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N16-OK-01' });
    expect(h.cmd('START').fields['code']).toBe('BUSY'); // still verifying
    h.pen.advance(200);
    expect(h.cmd('GET_CART').fields).toMatchObject({ status: 'OK', id: 'N16-OK-01', type: 'N16', needles: 16, max: 2500 });
    h.cmd('SIM_CART', { op: 'UNSEAT' });
    expect(h.cmd('START').fields['code']).toBe('CART_UNSEATED');
    h.cmd('SIM_CART', { op: 'SEAT' });
    expect(h.cmd('START').kind).toBe('ACK');
  });

  it('SR-08 a cartridge removed after firing is refused as CART_REUSED, also after a power cycle', () => {
    const nvm = new MemoryNvm();
    const h = running({ cartridge: 'N12-OK-02', nvm } as never);
    expect(h.cmd('STOP').kind).toBe('ACK');
    h.run(50);
    expect(h.cmd('START').kind).toBe('ACK'); // still inserted: may start again
    h.cmd('STOP');
    h.run(50);
    h.eng();
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N12-OK-02' });
    h.pen.advance(200);
    expect(h.cmd('START').fields['code']).toBe('CART_REUSED');
    h.cmd('SIM_POWER', { op: 'CYCLE' });
    h.pen.advance(400);
    h.hello();
    expect(h.cmd('START').fields['code']).toBe('CART_REUSED');
    // A new process with the same NVM image.
    const again = new Harness({ cartridge: 'N12-OK-02', nvm }).ready();
    expect(again.cmd('START').fields['code']).toBe('CART_REUSED');
  });

  it('SR-08 the used-cartridge registry survives a restart through the NVM file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'penbench-nvm-')), 'nvm.json');
    const h = running({ cartridge: 'N24-OK-01', nvm: new FileNvm(file) } as never);
    h.cmd('STOP');
    const next = new Harness({ cartridge: 'N24-OK-01', nvm: new FileNvm(file) }).ready();
    expect(next.cmd('START').fields['code']).toBe('CART_REUSED');
    const fresh = new Harness({ cartridge: 'N24-OK-02', nvm: new FileNvm(file) }).ready();
    expect(fresh.cmd('START').kind).toBe('ACK');
  });

  it('SR-09 after 60 min of needle-on time the cartridge is spent, the pen stops and never runs it again', () => {
    const nvm = new MemoryNvm();
    const h = new Harness({ cartridge: 'N36-OK-01', nvm }).ready();
    h.cmd('SET_DEPTH', { um: 500 });
    h.cmd('START');
    h.run(60 * 60 * 1000 + 500, 400);
    expect(h.evts('CART_SPENT')).toHaveLength(1);
    expect(h.state).toBe('SPENT');
    expect(h.cmd('START').fields['code']).toBe('CART_SPENT');
    expect(nvm.load().used['N36-OK-01']?.spent).toBe(true);
    const again = new Harness({ cartridge: 'N36-OK-01', nvm }).ready();
    expect(again.cmd('START').fields['code']).toBe('CART_SPENT');
  }, 60_000);

  it.each([
    ['REMOVE', 'CART_REMOVED'],
    ['UNSEAT', 'CART_UNSEATED'],
  ])('SR-10 cartridge %s while running stops at once and faults %s', (op, code) => {
    const h = running();
    h.eng();
    h.cmd('SIM_CART', { op });
    expect(h.pen.snapshot().motorOn).toBe(false);
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe(code);
    expect(h.state).toBe('FAULT');
  });

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

  it('SR-12 fluid ingress faults; the fault cannot clear until that cartridge is replaced', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.pen.advance(5);
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe('FLUID_INGRESS');
    expect(h.cmd('GET_CART').fields['status']).toBe('FLUID');
    expect(h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'FAULT_PRESENT' });
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.pen.advance(5);
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N12-OK-03' });
    h.pen.advance(200);
    expect(h.cmd('START').kind).toBe('ACK');
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
    expect(h.info().fields['eng']).toBe(1);
    expect(h.cmd('ENG_PROFILE', { name: 'NOPE' }).fields['code']).toBe('PROFILE_UNKNOWN');
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).kind).toBe('ACK');
    const info = h.info().fields;
    expect(info['profile']).toBe('TRAINING');
    expect(info['phash']).not.toBe(phash);
    expect(h.cmd('ENG_CLOSE').kind).toBe('ACK');
    expect(h.cmd('SIM_FAULT', { f: 'CLEAR' }).fields['code']).toBe('LOCKED');
  });
});

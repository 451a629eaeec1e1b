/** SIM_* fault injection on the transmit side, power cycling, charging, profiles and areas, through the wire. */
import { describe, expect, it } from 'vitest';
import { decodeLine, encode } from '../../protocol/src/index.js';
import { STORED_PROFILES } from '../../firmware-sim/src/profiles/profile.js';
import { Harness } from './support/harness.js';

describe('simulator commands', () => {
  it('SILENCE stops all output for v ms, after the ACK', () => {
    const h = new Harness().ready();
    h.eng();
    h.cmd('TLM_RATE', { hz: 100 });
    expect(h.cmd('SIM_FAULT', { f: 'SILENCE', v: 500 }).kind).toBe('ACK');
    const from = h.raw.length;
    h.pen.advance(400);
    expect(h.raw.length).toBe(from);
    h.pen.advance(200);
    expect(h.raw.length).toBeGreaterThan(from);
    expect(h.pen.txCounts.silenced).toBeGreaterThan(30);
  });

  it('GARBAGE sends v bytes without $ so the next frame resyncs', () => {
    const h = new Harness().ready();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'GARBAGE', v: 100 });
    const from = h.raw.length;
    h.pen.advance(2);
    const g = h.raw.slice(from).join('');
    expect(g.length).toBe(100);
    expect(g).not.toContain('$');
    const ping = h.cmd('PING');
    expect(ping.kind).toBe('ACK');
    expect(decodeLine(g + h.raw.at(-1)!).ok).toBe(true);
  });

  it('DROP_TX and CORRUPT_TX impair that share of outgoing frames (seq gaps, bad CRCs)', () => {
    const h = new Harness({ seed: 5 }).ready();
    h.eng();
    h.cmd('TLM_RATE', { hz: 200 });
    h.cmd('SIM_FAULT', { f: 'DROP_TX', v: 20 });
    h.pen.advance(1);
    const from = h.frames.length;
    // The host keeps its heartbeat (the engineering session needs the link, SR-17); answers may be dropped.
    let seq = 1000;
    for (let i = 0; i < 25; i++) {
      h.pen.advance(200);
      h.line(encode({ seq: seq++, kind: 'PING', fields: {} }));
    }
    const tlm = h.since(from, 'TLM');
    const seqs = tlm.map((f) => f.seq);
    const lost = seqs.at(-1)! - seqs[0]! + 1 - seqs.length;
    expect(lost / (seqs.at(-1)! - seqs[0]! + 1)).toBeGreaterThan(0.12);
    expect(lost / (seqs.at(-1)! - seqs[0]! + 1)).toBeLessThan(0.28);
    // Retransmit until the answer gets through: the pen replays it, executing CLEAR once.
    const clear = encode({ seq: seq++, kind: 'SIM_FAULT', fields: { f: 'CLEAR' } });
    for (let i = 0; i < 20 && !h.line(clear); i++);
    h.cmd('SIM_FAULT', { f: 'CORRUPT_TX', v: 50 });
    const rawFrom = h.raw.length;
    h.pen.advance(2000);
    const bad = h.raw.slice(rawFrom).filter((l) => !decodeLine(l).ok).length;
    expect(bad / (h.raw.length - rawFrom)).toBeGreaterThan(0.35);
  });

  it('SIM_POWER CYCLE loses volatile state (handshake, settings, session) and keeps NVM and the inserted cartridge', () => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.eng();
    h.cmd('SET_DEPTH', { um: 1500 });
    h.cmd('TLM_RATE', { hz: 10 });
    expect(h.cmd('SIM_POWER', { op: 'CYCLE' }).kind).toBe('ACK');
    h.pen.advance(5);
    expect(h.cmd('GET_CART').fields['code']).toBe('VERSION'); // handshake forgotten
    expect(h.evts('BOOT')).toHaveLength(1);
    h.pen.advance(400);
    expect(h.evts('BOOT')).toHaveLength(2);
    h.hello();
    expect(h.status().fields).toMatchObject({ um: 250, eng: 0, st: 'READY' });
    expect(h.cmd('GET_CART').fields).toMatchObject({ status: 'OK', id: 'N12-OK-01' });
  });

  it('charging: START refused while on the charger; the charge rises', () => {
    const h = new Harness({ cartridge: 'N12-OK-01', batteryPct: 50 }).ready();
    h.eng();
    h.cmd('SIM_POWER', { op: 'CHARGER_ON' });
    expect(h.state).toBe('CHARGE');
    expect(h.cmd('START').fields['code']).toBe('BAD_STATE');
    h.run(600_000, 1000);
    expect(h.pen.snapshot().batteryPct).toBeGreaterThan(55);
    h.cmd('SIM_POWER', { op: 'CHARGER_OFF' });
    h.cmd('SET_AREA', { area: 'CHEEK' });
    expect(h.cmd('START').kind).toBe('ACK');
  });

  it('INFO reports the profile hash; GET_AREA lists the rows; ENG_PROFILE switches to TRAINING', () => {
    const h = new Harness().ready();
    const info = h.info().fields;
    const def = STORED_PROFILES.get('DEFAULT')!;
    expect(info).toMatchObject({ profile: 'DEFAULT', pver: 1, phash: def.hash, areas: 12 });
    expect(def.hash).toMatch(/^[0-9A-F]{8}$/);
    const rows = Array.from({ length: 12 }, (_, i) => h.cmd('GET_AREA', { i }).fields);
    expect(rows[0]).toMatchObject({ i: 0, n: 12, area: 'FOREHEAD', lo: 250, hi: 500, cap: 750 });
    expect(rows[11]).toMatchObject({ area: 'BODY', lo: 1500, hi: 2000, cap: 2500 });
    expect(h.cmd('GET_AREA', { i: 12 }).fields).toMatchObject({ code: 'AREA_UNKNOWN', max: 11 });
    h.eng();
    h.cmd('SET_AREA', { area: 'CHEEK' });
    h.cmd('SET_DEPTH', { um: 1500 });
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).fields).toMatchObject({ code: 'DEPTH_AREA_LIMIT', max: 1000 });
    h.cmd('SET_DEPTH', { um: 1000 });
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).kind).toBe('ACK');
    expect(h.info().fields).toMatchObject({ profile: 'TRAINING', phash: STORED_PROFILES.get('TRAINING')!.hash });
    expect(h.status().fields).toMatchObject({ area: 'CHEEK', um: 1000 });
    expect(h.cmd('SET_DEPTH', { um: 1050 }).fields).toMatchObject({ code: 'DEPTH_AREA_LIMIT', max: 1000 });
  });

  it('SR-02 selecting a smaller area while the needle still slews down from a deeper setpoint is refused', () => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.cmd('SET_DEPTH', { um: 2000 });
    h.cmd('START');
    h.run(2500, 100);
    h.cmd('SET_DEPTH', { um: 500 });
    expect(h.cmd('SET_AREA', { area: 'NOSE' }).fields['code']).toBe('DEPTH_AREA_LIMIT');
    h.run(2000, 100);
    expect(h.cmd('SET_AREA', { area: 'NOSE' }).kind).toBe('ACK');
  });
});

describe('boot self-test', () => {
  it('SR-14 a stuck servo fails the self-test after a power cycle; the fault clears only once the servo is healthy', () => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'SERVO_STUCK' });
    h.cmd('SIM_POWER', { op: 'CYCLE' });
    h.pen.advance(400);
    h.hello();
    expect(h.state).toBe('FAULT');
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe('SELF_TEST');
    expect(h.cmd('CLEAR_FAULT').fields['code']).toBe('FAULT_PRESENT');
    h.eng();
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    h.pen.advance(2);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0100', present: '0000', selftest: 'FAIL' });
    // The failed self-test is run again (BOOT, 200 ms) before the pen may start.
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    expect(h.status().fields).toMatchObject({ st: 'BOOT', faults: '0000', selftest: 'PENDING' });
    h.pen.advance(250);
    expect(h.status().fields).toMatchObject({ st: 'READY', selftest: 'PASS' });
  });
});

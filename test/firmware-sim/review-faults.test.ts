/**
 * Issue 10, through the wire: latched hazard faults survive a power cycle, the
 * boot self-test covers every injectable servo and motor fault and its result
 * is never lost, and the latched faults are readable as masks (SR-14).
 */
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../firmware-sim/src/nvm/store.js';
import { Harness } from './support/harness.js';
import { READY, running } from './support/running.js';

/** Power-cycle over the wire and handshake again after the 200 ms boot. */
function powerCycle(h: Harness): void {
  h.eng();
  expect(h.cmd('SIM_POWER', { op: 'CYCLE' }).kind).toBe('ACK');
  h.pen.advance(400);
  h.hello();
}

describe('issue 10: latched faults and the boot self-test', () => {
  it.each([
    ['DEPTH_DRIFT', 'DEPTH_TOLERANCE', '0001'],
    ['STALL', 'RATE_DEVIATION', '0002'],
  ])('SR-14 a latched %s fault (%s) survives a power cycle: a new cartridge cannot START until CLEAR_FAULT', (inject, code, mask) => {
    const h = running({ ...READY, nvm: new MemoryNvm() });
    h.eng();
    h.cmd('SIM_FAULT', { f: inject, v: inject === 'DEPTH_DRIFT' ? 5000 : undefined });
    h.run(600, 50);
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe(code);
    h.cmd('SIM_FAULT', { f: 'CLEAR' }); // the cause is gone, the fault is still latched
    powerCycle(h);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: mask, present: '0000', selftest: 'PASS' });
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code, faults: mask });
    h.eng();
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N12-OK-02' });
    h.pen.advance(200);
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields).toMatchObject({ code: 'FAULT_ACTIVE', faults: mask });
    expect(h.pen.snapshot().motorOn).toBe(false);
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    expect(h.cmd('START').kind).toBe('ACK');
    // Cleared means erased from NVM too: another power cycle finds nothing latched (the cartridge,
    // fired, verifies REUSED: SR-08).
    h.cmd('STOP');
    h.run(50);
    powerCycle(h);
    expect(h.status().fields).toMatchObject({ st: 'REJECT', faults: '0000' });
  });

  it('SR-14 CART_REMOVED and LINK_LOST are events, not hazards: a power cycle clears them', () => {
    const h = running();
    h.pen.advance(600);
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe('LINK_LOST');
    powerCycle(h);
    // (The cartridge fired before the power cycle, so it now verifies REUSED: SR-08.)
    expect(h.status().fields).toMatchObject({ st: 'REJECT', faults: '0000' });
  });

  it.each(['DEPTH_DRIFT', 'SERVO_STUCK', 'STALL', 'OVERLOAD'])('SR-14 the boot self-test fails on an injected %s', (f) => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SIM_FAULT', { f });
    powerCycle(h);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0100', present: '0100', selftest: 'FAIL' });
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields).toMatchObject({ code: 'FAULT_ACTIVE', faults: '0100' });
  });

  it('SR-14 a failed self-test is never dropped when another fault latches first during boot; the pen cannot start with a stalled motor', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'STALL' });
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 2 });
    h.cmd('SIM_POWER', { op: 'CYCLE' });
    h.pen.advance(50);
    h.hello();
    // Battery critical latched at once; the self-test is still running: CLEAR_FAULT waits for it.
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0040', selftest: 'PENDING' });
    expect(h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'BUSY' });
    h.pen.advance(300);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0140', selftest: 'FAIL' });
    h.eng();
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 60 });
    h.pen.advance(5);
    // The battery is fine now; the stalled motor still fails the self-test.
    expect(h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'FAULT_PRESENT', faults: '0100' });
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields).toMatchObject({ code: 'FAULT_ACTIVE' });
    expect(h.pen.snapshot().motorOn).toBe(false);
    // Motor repaired: the clear runs the self-test again, then the pen may start.
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    h.pen.advance(5);
    const boots = h.evts('BOOT').length;
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BAD_STATE' });
    h.pen.advance(250);
    expect(h.evts('BOOT')).toHaveLength(boots + 1);
    expect(h.cmd('START').kind).toBe('ACK');
  });

  it('SR-14 STATUS reports latched and present faults as masks; NAK FAULT_ACTIVE/FAULT_PRESENT and EVT FAULT/FAULT_CLEAR carry them', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'STALL' });
    h.run(500, 50);
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code: 'RATE_DEVIATION', faults: '0002' });
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 2 });
    h.pen.advance(5);
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code: 'BATTERY_CRITICAL', faults: '0042' });
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0042', present: '0042', selftest: 'PASS' });
    expect(h.cmd('START').fields).toMatchObject({ code: 'FAULT_ACTIVE', faults: '0042' });
    expect(h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'FAULT_PRESENT', faults: '0042' });
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    h.pen.advance(5);
    expect(h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'FAULT_PRESENT', faults: '0040' });
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 60 });
    h.pen.advance(5);
    const from = h.frames.length;
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    const after = h.since(from).filter((f) => f.kind !== 'TLM');
    expect(after.map((f) => f.kind === 'EVT' ? f.fields['ev'] : f.kind)).toEqual(['ACK', 'FAULT_CLEAR', 'STATE']);
    expect(after[1]!.fields).toMatchObject({ faults: '0042' });
    expect(h.status().fields).toMatchObject({ st: 'READY', faults: '0000', present: '0000' });
  });
});

/**
 * Through the wire: which latched faults a power cycle keeps (SR-14). Every
 * hazard fault is written to NVM when it latches and is still latched after
 * power-up although its cause is gone; the faults that are events are never
 * written, even when another write happens while they are latched.
 */
import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { READY, running } from './support/running.js';

/** Run (pinging, so the engineering session stays open) until STATUS `present=` is `mask`, at most `ms`. */
function runUntilPresent(h: Harness, mask: string, ms: number): void {
  for (let t = 0; t < ms && h.status().fields['present'] !== mask; t += 500) h.run(500);
  expect(h.status().fields['present']).toBe(mask);
}

/** Each hazard fault latched, then its cause removed; returns the pen with the fault latched and not present. */
const HAZARDS: Array<[string, string, () => Harness]> = [
  ['FLUID_INGRESS', '0010', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.run(20);
    h.cmd('SIM_CART', { op: 'REMOVE' });
    return h;
  }],
  ['OVER_TEMP', '0020', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'OVERTEMP', v: 2000 });
    runUntilPresent(h, '0020', 20_000);
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    return h;
  }],
  ['SELF_TEST', '0100', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'STALL' });
    h.powerCycle();
    expect(h.status().fields).toMatchObject({ faults: '0100', selftest: 'FAIL' });
    h.eng();
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    return h;
  }],
  ['NVM_WRITE', '0200', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'NVM_FAIL' });
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').kind).toBe('ACK');
    h.run(20);
    expect(h.status().fields['faults']).toBe('0200');
    // Writes work again: the pen's retry writes the registry, NVM_WRITE in it.
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    return h;
  }],
];

describe('SR-14 latched faults across a power cycle', () => {
  it.each(HAZARDS)('SR-14 a latched %s survives a power cycle once its cause is gone: FAULT at power-up until CLEAR_FAULT', (code, mask, latch) => {
    const h = latch();
    runUntilPresent(h, '0000', 20_000);
    h.powerCycle();
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: mask, present: '0000', selftest: 'PASS' });
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code, faults: mask, msg: 'latched before power-off' });
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    h.powerCycle();
    expect(h.status().fields).toMatchObject({ faults: '0000' });
  });

  it('SR-14 LINK_LOST and CART_REMOVED are never written to NVM: a write while they are latched, then a power cycle, leaves nothing latched', () => {
    const h = running();
    h.pen.advance(600);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0080' });
    h.eng();
    // Removing the fired cartridge writes the registry while LINK_LOST is latched.
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.powerCycle();
    expect(h.status().fields).toMatchObject({ st: 'NOCART', faults: '0000' });
    // CART_REMOVED latches in the same step as the removal's write.
    h.eng();
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N12-OK-02' });
    h.pen.advance(200);
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').kind).toBe('ACK');
    h.run(100);
    h.cmd('SIM_CART', { op: 'REMOVE' });
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0004' });
    h.powerCycle();
    expect(h.status().fields).toMatchObject({ st: 'NOCART', faults: '0000' });
  });
});

/**
 * Issue 10, through the wire: a contaminated cartridge is refused for good
 * (SR-12), a verified cartridge removed without firing is spent (SR-09), and
 * expiry is checked at every START against the pen's calendar (SR-07).
 */
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../firmware-sim/src/nvm/store.js';
import { Harness } from './support/harness.js';

/** Remove the inserted cartridge and insert `id`; returns its verification event. */
function reinsert(h: Harness, id: string) {
  h.eng();
  h.cmd('SIM_CART', { op: 'REMOVE' });
  const from = h.frames.length;
  h.cmd('SIM_CART', { op: 'INSERT', id });
  h.pen.advance(200);
  return h.since(from, 'EVT').find((f) => f.fields['ev'] === 'CART_OK' || f.fields['ev'] === 'CART_REJECT');
}

describe('issue 10: cartridges', () => {
  it('SR-12 a cartridge fluid got past is recorded contaminated in NVM and refused for good: CART_REJECT FLUID, START CART_FLUID', () => {
    const nvm = new MemoryNvm();
    const h = new Harness({ cartridge: 'N12-OK-01', nvm }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.eng();
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.pen.advance(5);
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe('FLUID_INGRESS');
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.pen.advance(5);
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    expect(reinsert(h, 'N12-OK-01')?.fields).toMatchObject({ ev: 'CART_REJECT', code: 'FLUID' });
    expect(h.cmd('GET_CART').fields['status']).toBe('FLUID');
    expect(h.cmd('START').fields['code']).toBe('CART_FLUID');
    expect(h.pen.snapshot().motorOn).toBe(false);
    // For good: after a power cycle, and in another pen process with the same NVM.
    h.cmd('SIM_POWER', { op: 'CYCLE' });
    h.pen.advance(400);
    h.hello();
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields['code']).toBe('CART_FLUID');
    const again = new Harness({ cartridge: 'N12-OK-01', nvm }).ready();
    again.cmd('SET_AREA', { area: 'BODY' });
    expect(again.cmd('START').fields['code']).toBe('CART_FLUID');
    // Another cartridge is fine.
    expect(reinsert(again, 'N12-OK-02')?.fields['ev']).toBe('CART_OK');
  });

  it('SR-09 a verified cartridge removed without firing is spent: re-inserted it is refused CART_SPENT, also after a power cycle', () => {
    const h = new Harness({ cartridge: 'N16-OK-01' }).ready();
    h.cmd('SET_AREA', { area: 'CHEEK' });
    expect(h.cmd('GET_CART').fields['status']).toBe('OK');
    expect(reinsert(h, 'N16-OK-01')?.fields).toMatchObject({ ev: 'CART_REJECT', code: 'SPENT' });
    expect(h.state).toBe('SPENT');
    expect(h.cmd('START').fields['code']).toBe('CART_SPENT');
    h.cmd('SIM_POWER', { op: 'CYCLE' });
    h.pen.advance(400);
    h.hello();
    h.cmd('SET_AREA', { area: 'CHEEK' });
    expect(h.cmd('START').fields['code']).toBe('CART_SPENT');
    // One removed before its verification finished was never accepted, so it is not spent.
    h.eng();
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N16-OK-02' });
    h.pen.advance(50);
    expect(reinsert(h, 'N16-OK-02')?.fields['ev']).toBe('CART_OK');
  });

  it('SR-07 a cartridge that expires while inserted is refused at START and GET_CART reports EXPIRED from midnight', () => {
    // N12-OK-01 is valid through 2030-12-31; the pen powers up one minute before midnight.
    const h = new Harness({ cartridge: 'N12-OK-01', epochMs: Date.UTC(2030, 11, 31, 23, 59) }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('GET_CART').fields).toMatchObject({ status: 'OK', exp: 20301231 });
    h.run(60_000, 200);
    expect(h.cmd('GET_CART').fields['status']).toBe('EXPIRED');
    expect(h.evts('CART_REJECT').at(-1)?.fields).toMatchObject({ code: 'EXPIRED', id: 'N12-OK-01' });
    expect(h.cmd('START').fields['code']).toBe('CART_EXPIRED');
    expect(h.pen.snapshot().motorOn).toBe(false);
  });

  it('SR-07 SIM_FAULT CLOCK moves the calendar past the expiry: START is refused CART_EXPIRED', () => {
    const h = new Harness({ cartridge: 'N12-OK-02', epochMs: Date.UTC(2026, 10, 21) }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.eng();
    const seconds = (Date.UTC(2031, 0, 1) - Date.UTC(2026, 10, 21)) / 1000;
    expect(h.cmd('SIM_FAULT', { f: 'CLOCK', v: Math.min(seconds, 1_000_000) }).kind).toBe('ACK');
    // SIM_FAULT v is at most 1e6 s (11.6 days); step the calendar in several moves.
    for (let left = seconds - 1_000_000; left > 0; left -= 1_000_000) h.cmd('SIM_FAULT', { f: 'CLOCK', v: Math.min(left, 1_000_000) });
    // In the same millisecond, before the cartridge region saw the new day: START itself checks the date.
    expect(h.cmd('START').fields).toMatchObject({ code: 'CART_EXPIRED', msg: 'expired by the pen calendar' });
    h.pen.advance(2);
    expect(h.cmd('GET_CART').fields['status']).toBe('EXPIRED');
  });

  it('SR-07 the calendar passing midnight with an in-date cartridge changes nothing; a contaminated one stays FLUID', () => {
    const h = new Harness({ cartridge: 'N12-OK-04', epochMs: Date.UTC(2026, 10, 21, 23, 59, 59) }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.run(2000);
    expect(h.evts('CART_REJECT')).toEqual([]);
    expect(h.cmd('GET_CART').fields['status']).toBe('OK');
    expect(h.cmd('START').kind).toBe('ACK');
    h.cmd('STOP');
    h.eng();
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.run(50);
    expect(h.cmd('GET_CART').fields['status']).toBe('FLUID');
    // Past the expiry day the contaminated cartridge is still reported for what made it unusable.
    const seconds = (Date.UTC(2031, 0, 1) - Date.UTC(2026, 10, 22)) / 1000;
    for (let left = seconds; left > 0; left -= 1_000_000) h.cmd('SIM_FAULT', { f: 'CLOCK', v: Math.min(left, 1_000_000) });
    h.run(50);
    expect(h.cmd('GET_CART').fields['status']).toBe('FLUID');
  });

  it('SR-07 a pen running across midnight finishes its session (in date at START), then refuses the next START', () => {
    const h = new Harness({ cartridge: 'N12-OK-03', epochMs: Date.UTC(2030, 11, 31, 23, 59, 59) }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.pen.advance(200);
    h.cmd('START');
    h.run(3000);
    expect(h.state).toBe('RUN');
    h.cmd('STOP');
    h.run(20);
    expect(h.cmd('START').fields['code']).toBe('CART_EXPIRED');
  });
});

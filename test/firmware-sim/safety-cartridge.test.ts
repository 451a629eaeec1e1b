/**
 * SR-07…SR-10, SR-12 proven through the protocol: the cartridge checks, single use across
 * power cycles and restarts, the needle-on limit, removal while running and fluid ingress.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../firmware-sim/src/nvm/store.js';
import { FileNvm } from '../../firmware-sim/src/node/file-nvm.js';
import { Harness, nvmData } from './support/harness.js';
import { running } from './support/running.js';

describe('safety rules through the protocol: SR-07…SR-10, SR-12 cartridges', () => {
  it.each([
    ['N16-EXPIRED', 'CART_EXPIRED'],
    ['N24-RECALLED', 'CART_RECALLED'],
    ['N12-FORGED', 'CART_AUTH'],
    ['N42-TAMPERED', 'CART_AUTH'],
    ['N16-UNSEALED', 'CART_UNSEALED'],
    ['N12-REUSED', 'CART_REUSED'],
  ])('SR-07 the motor does not start with sample %s: NAK %s, EVT CART_REJECT', (id, code) => {
    const h = new Harness({ cartridge: id }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields['code']).toBe(code);
    expect(h.evts('CART_REJECT')).toHaveLength(1);
    expect(h.pen.snapshot().motorOn).toBe(false);
    expect(h.state).toBe('REJECT');
  });

  it('SR-07 no cartridge, or an unseated one, refuses START; a verified seated one starts', () => {
    const h = new Harness().ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields['code']).toBe('NO_CARTRIDGE');
    h.eng();
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N16-OK-01' });
    expect(h.cmd('GET_CART').fields['status']).toBe('VERIFYING');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BUSY', msg: 'cartridge verifying' });
    h.pen.advance(200);
    expect(h.cmd('GET_CART').fields).toMatchObject({ status: 'OK', id: 'N16-OK-01', type: 'N16', needles: 16, max: 2500 });
    h.cmd('SIM_CART', { op: 'UNSEAT' });
    expect(h.cmd('START').fields['code']).toBe('CART_UNSEATED');
    h.cmd('SIM_CART', { op: 'SEAT' });
    expect(h.cmd('START').kind).toBe('ACK');
  });

  it('SR-07 GET_CART says UNSEATED only for a verified cartridge: a rejected one keeps its verdict when it is not seated', () => {
    const h = new Harness({ cartridge: 'N16-EXPIRED' }).ready();
    h.eng();
    h.cmd('SIM_CART', { op: 'UNSEAT' });
    // The verdict is what keeps the motor off for good; "unseated" would invite a reseat that cannot help.
    expect(h.cmd('GET_CART').fields).toMatchObject({ status: 'EXPIRED', seated: 0 });
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields['code']).toBe('CART_EXPIRED');
  });

  it('SR-07 a cartridge taken out while the pen is idle is gone: GET_CART NONE, START NO_CARTRIDGE', () => {
    const h = new Harness({ cartridge: 'N16-OK-01' }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.eng();
    h.cmd('SIM_CART', { op: 'REMOVE' });
    expect(h.cmd('GET_CART').fields).toEqual({ re: expect.any(Number), status: 'NONE' });
    expect(h.cmd('START').fields['code']).toBe('NO_CARTRIDGE');
    h.pen.advance(100);
    expect(h.state).toBe('NOCART');
    expect(h.pen.snapshot().motorOn).toBe(false);
  });

  it('SR-08 SR-09 the registry records the first fire with the pen\'s time of START, kept through later STARTs of the same cartridge', () => {
    const nvm = new MemoryNvm();
    const h = new Harness({ cartridge: 'N12-OK-03', nvm }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    const at = new Date(h.pen.snapshot().calendarMs).toISOString();
    expect(h.cmd('START').kind).toBe('ACK');
    expect(nvmData(nvm).used['N12-OK-03']).toEqual({ firstFiredAt: at, needleOnMs: 0, spent: false });
    h.run(300);
    h.cmd('STOP');
    h.run(1000);
    expect(h.cmd('START').kind).toBe('ACK');
    h.run(300);
    expect(nvmData(nvm).used['N12-OK-03']).toEqual({ firstFiredAt: at, needleOnMs: 0, spent: false });
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
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields['code']).toBe('CART_REUSED');
    // A new process with the same NVM image.
    const again = new Harness({ cartridge: 'N12-OK-02', nvm }).ready();
    again.cmd('SET_AREA', { area: 'BODY' });
    expect(again.cmd('START').fields['code']).toBe('CART_REUSED');
  });

  it('SR-08 the used-cartridge registry survives a restart through the NVM file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'penbench-nvm-')), 'nvm.json');
    const h = running({ cartridge: 'N24-OK-01', nvm: new FileNvm(file) } as never);
    h.cmd('STOP');
    const next = new Harness({ cartridge: 'N24-OK-01', nvm: new FileNvm(file) }).ready();
    next.cmd('SET_AREA', { area: 'BODY' });
    expect(next.cmd('START').fields['code']).toBe('CART_REUSED');
    const fresh = new Harness({ cartridge: 'N24-OK-02', nvm: new FileNvm(file) }).ready();
    fresh.cmd('SET_AREA', { area: 'BODY' });
    expect(fresh.cmd('START').kind).toBe('ACK');
  });

  it('SR-09 after 60 min of needle-on time the cartridge is spent, the pen stops and never runs it again', () => {
    const nvm = new MemoryNvm();
    const h = new Harness({ cartridge: 'N36-OK-01', nvm }).ready();
    h.cmd('SET_AREA', { area: 'CHEEK' });
    h.cmd('SET_DEPTH', { um: 500 });
    const at = new Date(h.pen.snapshot().calendarMs).toISOString();
    h.cmd('START');
    h.run(60 * 60 * 1000 + 500, 400);
    expect(h.evts('CART_SPENT')).toHaveLength(1);
    expect(h.state).toBe('SPENT');
    expect(h.cmd('START').fields['code']).toBe('CART_SPENT');
    expect(nvmData(nvm).used['N36-OK-01']).toEqual({ firstFiredAt: at, needleOnMs: 60 * 60 * 1000, spent: true });
    const again = new Harness({ cartridge: 'N36-OK-01', nvm }).ready();
    again.cmd('SET_AREA', { area: 'CHEEK' });
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
    const mask = code === 'CART_REMOVED' ? '0004' : '0008';
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code, faults: mask });
    // An event, not a condition: nothing is present to wait for, not even in the same millisecond.
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: mask, present: '0000' });
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
});

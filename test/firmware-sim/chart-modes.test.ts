/**
 * The statechart's mode and power regions through the wire, where the first
 * mutation run found transitions no test took: the boot self-test's EVT BOOT,
 * commands in the milliseconds of STOP, a second fault while in FAULT, the
 * charger while running, the power states and the battery START reads (SR-13),
 * and skin contact counted as passes.
 */
import { describe, expect, it } from 'vitest';
import { MemoryNvm } from '../../firmware-sim/src/nvm/store.js';
import { Harness, nvmData } from './support/harness.js';
import { READY, running } from './support/running.js';

describe('modes', () => {
  it('SR-14 the boot self-test announces itself: EVT BOOT when it passes, also when another fault latched first', () => {
    const h = new Harness(READY).ready();
    expect(h.evts('BOOT')).toHaveLength(1);
    expect(h.status().fields).toMatchObject({ st: 'READY', selftest: 'PASS' });
    h.eng();
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 2 });
    h.cmd('SIM_POWER', { op: 'CYCLE' });
    h.pen.advance(50);
    h.hello();
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0040', selftest: 'PENDING' });
    h.pen.advance(300);
    expect(h.evts('BOOT')).toHaveLength(2);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0040', selftest: 'PASS' });
  });

  it('SR-16 in the milliseconds of STOP: START is BUSY (stopping), RESET_SETTINGS is BAD_STATE, a second STOP is ACKed', () => {
    const h = running();
    expect(h.cmd('STOP').kind).toBe('ACK');
    expect(h.state).toBe('STOP');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BUSY', msg: 'stopping' });
    expect(h.cmd('RESET_SETTINGS').fields).toMatchObject({ code: 'BAD_STATE', msg: 'RESET_SETTINGS needs not BOOT/RUN/STOP; pen is STOP' });
    expect(h.cmd('STOP').kind).toBe('ACK');
    h.pen.advance(10);
    expect(h.state).toBe('READY');
  });

  it('SR-02 START without an area says what to do', () => {
    const h = new Harness(READY).ready();
    expect(h.cmd('START').fields).toMatchObject({ code: 'NO_AREA', msg: 'select a treatment area first' });
  });

  it('SR-12 SR-14 a second fault while in FAULT is latched, announced, written to NVM and recorded against the cartridge', () => {
    const nvm = new MemoryNvm();
    const h = running({ ...READY, nvm });
    h.pen.advance(600);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0080' });
    h.eng();
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.pen.advance(5);
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code: 'FLUID_INGRESS', faults: '0090' });
    expect(nvmData(nvm)).toMatchObject({ contaminated: ['N12-OK-01'], faults: ['FLUID_INGRESS'] });
    // The same fault again adds nothing.
    const before = h.evts('FAULT').length;
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.pen.advance(5);
    expect(h.evts('FAULT')).toHaveLength(before);
  });

  it('SR-14 RESET_SETTINGS with no area selected still brings back the power-on depth and rate', () => {
    const h = new Harness(READY).ready();
    h.cmd('SET_DEPTH', { um: 1500 });
    h.cmd('SET_RATE', { hz: 80 });
    expect(h.cmd('RESET_SETTINGS').kind).toBe('ACK');
    expect(h.status().fields).toMatchObject({ um: 250, hz: 120 });
  });
});

describe('SR-13 power', () => {
  it('SR-13 the charger plugged in stops a running pen; START is refused while charging; unplugged, the pen is READY again', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_POWER', { op: 'CHARGER_ON' });
    h.pen.advance(10);
    expect(h.pen.snapshot().motorOn).toBe(false);
    expect(h.state).toBe('CHARGE');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BAD_STATE', msg: 'START needs READY; pen is CHARGE' });
    h.cmd('SIM_POWER', { op: 'CHARGER_OFF' });
    expect(h.state).toBe('READY');
  });

  it('SR-13 below 10 % the pen is LOWBAT and START says the level; back above, READY; the charger from LOWBAT is CHARGE', () => {
    const h = new Harness(READY).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.eng();
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 8 });
    h.pen.advance(2);
    expect(h.state).toBe('LOWBAT');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BATTERY_LOW', min: 10, msg: 'battery 7%' });
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 6 });
    h.pen.advance(2);
    expect(h.state).toBe('LOWBAT');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BATTERY_LOW', msg: 'battery 5%' });
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 15 });
    h.pen.advance(2);
    expect(h.state).toBe('READY');
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 8 });
    h.pen.advance(2);
    h.cmd('SIM_POWER', { op: 'CHARGER_ON' });
    expect(h.state).toBe('CHARGE');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BAD_STATE', msg: 'START needs READY; pen is CHARGE' });
  });

  it('SR-10 SR-13 a report that repeats what is already so changes nothing: charger off or cartridge seated while running, charger on while charging', () => {
    const h = running();
    h.eng();
    expect(h.cmd('SIM_POWER', { op: 'CHARGER_OFF' }).kind).toBe('ACK');
    expect(h.cmd('SIM_CART', { op: 'SEAT' }).kind).toBe('ACK');
    h.run(100);
    expect(h.state).toBe('RUN');
    h.cmd('STOP');
    h.pen.advance(10);
    h.cmd('SIM_POWER', { op: 'CHARGER_ON' });
    h.cmd('SIM_POWER', { op: 'CHARGER_ON' });
    expect(h.state).toBe('CHARGE');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BAD_STATE', msg: 'START needs READY; pen is CHARGE' });
  });

  it('SR-13 a battery that ran low on the charger: unplugged, LOWBAT and START refused at its level', () => {
    const h = new Harness(READY).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.eng();
    h.cmd('SIM_POWER', { op: 'CHARGER_ON' });
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 5 });
    h.pen.advance(2);
    expect(h.state).toBe('CHARGE');
    h.cmd('SIM_POWER', { op: 'CHARGER_OFF' });
    expect(h.state).toBe('LOWBAT');
    expect(h.cmd('START').fields).toMatchObject({ code: 'BATTERY_LOW', msg: 'battery 5%' });
    h.cmd('SIM_POWER', { op: 'CHARGER_ON' });
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 50 });
    h.pen.advance(2);
    h.cmd('SIM_POWER', { op: 'CHARGER_OFF' });
    expect(h.state).toBe('READY');
  });
});

describe('skin contact', () => {
  it('contact of 2 s or more is a pass (EVT PASS with the area); a shorter one is not', () => {
    const h = running();
    h.eng();
    h.cmd('SIM_SKIN', { mode: 'OFF' });
    h.run(100);
    const from = h.frames.length;
    h.cmd('SIM_SKIN', { mode: 'ON' });
    h.run(2500);
    h.cmd('SIM_SKIN', { mode: 'OFF' });
    h.run(200);
    h.cmd('SIM_SKIN', { mode: 'ON' });
    h.run(1000);
    h.cmd('SIM_SKIN', { mode: 'OFF' });
    h.run(200);
    const evs = h.since(from, 'EVT').map((f) => [f.fields['ev'], f.fields['on'] ?? f.fields['n']]);
    expect(evs).toEqual([['SKIN', 1], ['SKIN', 0], ['PASS', 1], ['SKIN', 1], ['SKIN', 0]]);
    expect(h.evts('PASS')[0]?.fields).toMatchObject({ n: 1, area: 'BODY' });
    expect(h.status().fields['st']).toBe('RUN');
  });
});

describe('SR-14 persistence of a fault latched in FAULT', () => {
  it('SR-14 a fluid fault latched while already in FAULT survives a power cycle', () => {
    const h = running({ ...READY, nvm: new MemoryNvm() });
    h.pen.advance(600);
    h.eng();
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.pen.advance(5);
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.powerCycle();
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0010' });
  });
});

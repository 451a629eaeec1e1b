/**
 * Edges of SR-07, SR-09 and SR-14 that mutation runs (npm run mutate) showed
 * no test looked at: a cartridge on its expiry day, a battery fault's condition
 * at CLEAR_FAULT (through the wire), a spent record, and a MAC of the wrong
 * length or not in upper-case hex (in the cartridge check itself).
 */
import { describe, expect, it } from 'vitest';
import { FACTORY_KEY_HEX } from '../../firmware-sim/src/cartridge/record.js';
import { recordOf, sampleCartridge } from '../../firmware-sim/src/cartridge/samples.js';
import { isAuthentic, verifyCartridge, type RegistryView } from '../../firmware-sim/src/cartridge/verify.js';
import { Harness } from './support/harness.js';

/** A handshaken pen with an engineering session, running in BODY at 1 mm. */
function runningPen(epochMs?: number): Harness {
  const h = new Harness({ cartridge: 'N12-OK-01', ...(epochMs === undefined ? {} : { epochMs }) }).ready();
  h.eng();
  expect(h.cmd('SET_AREA', { area: 'BODY' }).kind).toBe('ACK');
  expect(h.cmd('SET_DEPTH', { um: 1000 }).kind).toBe('ACK');
  expect(h.cmd('START').kind).toBe('ACK');
  h.run(300);
  return h;
}

describe('safety edges', () => {
  it('SR-07 a cartridge runs through the whole of its expiry day (20301231), by the pen\'s calendar', () => {
    const h = runningPen(Date.UTC(2030, 11, 31, 23, 59, 0));
    expect(h.state).toBe('RUN');
  });

  it('SR-13 SR-14 BATTERY_CRITICAL is not cleared while the battery is still below 3 %, and is once it is back', () => {
    const h = runningPen();
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 2 });
    h.run(50);
    expect(h.cmd('CLEAR_FAULT').fields['code']).toBe('FAULT_PRESENT');
    h.cmd('SIM_FAULT', { f: 'BATTERY', v: 50 });
    h.run(50);
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
  });

  it('SR-09 the cartridge check says SPENT for a cartridge the registry records as spent', () => {
    const rec = recordOf(sampleCartridge('N12-OK-01')!);
    const reg = { used: { [rec.id]: { spent: true } }, contaminated: [], recalledLots: [] } as unknown as RegistryView;
    expect(verifyCartridge(rec, FACTORY_KEY_HEX, 20261121, reg)).toBe('SPENT');
  });

  it('SR-07 a record whose MAC has the wrong length is not authentic, and checking it does not throw', () => {
    const rec = recordOf(sampleCartridge('N12-OK-01')!);
    expect(isAuthentic({ ...rec, mac: rec.mac.slice(0, 8) }, FACTORY_KEY_HEX)).toBe(false);
    expect(isAuthentic({ ...rec, mac: `${rec.mac}00` }, FACTORY_KEY_HEX)).toBe(false);
  });

  it('SR-07 the MAC is 16 upper-case hex digits: the right one in lower case, or with a character whose low byte is the right digit (U+0146 for F), is not authentic', () => {
    const rec = recordOf(sampleCartridge('N12-OK-01')!);
    expect(isAuthentic(rec, FACTORY_KEY_HEX)).toBe(true);
    expect(rec.mac).toContain('F');
    expect(isAuthentic({ ...rec, mac: rec.mac.toLowerCase() }, FACTORY_KEY_HEX)).toBe(false);
    expect(isAuthentic({ ...rec, mac: rec.mac.replace('F', '\u0146') }, FACTORY_KEY_HEX)).toBe(false);
  });
});

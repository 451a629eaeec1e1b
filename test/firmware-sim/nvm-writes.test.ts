/**
 * The pen's side of its non-volatile memory, through the wire (SR-08, SR-14):
 * while writes fail it retries once a second with what it keeps in RAM (the
 * first retry at the next step, never every step), a recovered write clears
 * NVM_WRITE's condition, and a write problem is latched once.
 */
import { describe, expect, it } from 'vitest';
import { MemoryNvm, type NvmIo, type NvmSlot } from '../../firmware-sim/src/nvm/store.js';
import { Harness, nvmData } from './support/harness.js';

/** Flash that can be made to refuse writes; records the pen time of every image write tried. */
class FlakyNvm extends MemoryNvm {
  full = false;
  readonly tries: number[] = [];
  clock: () => number = () => 0;

  override write(slot: NvmSlot, text: string): NvmIo<void> {
    if (slot === 'image') this.tries.push(this.clock());
    return this.full ? { ok: false, error: 'ENOSPC: no space left on device' } : super.write(slot, text);
  }
}

/** A ready pen whose flash refuses writes from the START at `t0` on (the first fire's write fails). */
function startWithWritesFailing(): { nvm: FlakyNvm; h: Harness; t0: number } {
  const nvm = new FlakyNvm();
  const h = new Harness({ cartridge: 'N12-OK-01', nvm }).ready();
  nvm.clock = () => h.pen.snapshot().t;
  h.cmd('SET_AREA', { area: 'BODY' });
  nvm.full = true;
  nvm.tries.length = 0;
  const t0 = h.pen.snapshot().t;
  expect(h.cmd('START').kind).toBe('ACK');
  return { nvm, h, t0 };
}

describe('SR-08 SR-14 NVM writes that fail', () => {
  it('SR-08 while writes fail the pen retries once a second, the first retry at the next step; the retry that works clears the condition', () => {
    const { nvm, h, t0 } = startWithWritesFailing();
    h.run(3500, 250);
    // At START: the first fire's write, then the latched fault's own; then the retries.
    expect(nvm.tries).toEqual([t0, t0, t0 + 1, t0 + 1001, t0 + 2001, t0 + 3001]);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0200', present: '0200' });
    expect(h.evts('FAULT').filter((e) => e.fields['code'] === 'NVM_WRITE')).toHaveLength(1);
    nvm.full = false;
    h.run(1000, 250);
    expect(nvm.tries.at(-1)).toBe(t0 + 4001);
    expect(h.status().fields).toMatchObject({ faults: '0200', present: '0000' });
    // The first fire it could not record is in the registry now, and NVM_WRITE with it (a hazard).
    expect(nvmData(nvm)).toMatchObject({ used: { 'N12-OK-01': { spent: false } }, faults: ['NVM_WRITE'] });
  });

  it('SR-14 the retry that works clears NVM_WRITE\'s condition in its own millisecond: a CLEAR_FAULT right after it is ACKed', () => {
    const { nvm, h, t0 } = startWithWritesFailing();
    h.run(1500, 250);
    nvm.full = false;
    h.pen.advance(t0 + 2000 - h.pen.snapshot().t);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0200', present: '0200' });
    h.pen.advance(1);
    expect(nvm.tries.at(-1)).toBe(t0 + 2001);
    expect(h.status().fields).toMatchObject({ faults: '0200', present: '0000' });
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
  });

  it('SR-08 a registry that writes fine is not written again when nothing changed', () => {
    const nvm = new FlakyNvm();
    const h = new Harness({ cartridge: 'N12-OK-01', nvm }).ready();
    nvm.tries.length = 0;
    h.cmd('SET_AREA', { area: 'BODY' });
    h.cmd('SET_DEPTH', { um: 500 });
    h.run(3000, 250);
    expect(nvm.tries).toEqual([]);
  });
});

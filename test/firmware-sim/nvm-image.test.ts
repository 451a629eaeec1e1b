/**
 * The registry image and the firmware's NVM layer on their own (SR-08): the
 * image format and MAC against a vector computed outside this code (Python's
 * hmac over the text PROTOCOL.md gives), every way an image is refused, and
 * each path of PenNvm's boot, write and the deliberate factory reset.
 */
import { describe, expect, it } from 'vitest';
import { decodeImage, DEVICE_KEY_HEX, emptyNvm, encodeImage, factoryNvm, type NvmData } from '../../firmware-sim/src/nvm/image.js';
import { factoryReset, PenNvm } from '../../firmware-sim/src/nvm/pen-nvm.js';
import { MemoryNvm, type NvmIo, type NvmSlot } from '../../firmware-sim/src/nvm/store.js';

/**
 * `python3 -c 'import hmac,hashlib,json; d={…factory data…};
 * print(hmac.new(b"penbench-device-key-sim-01", ("penbench-nvm|2|1|"+json.dumps(d,separators=(",",":"))).encode(), hashlib.sha256).hexdigest().upper())'`
 */
const FACTORY_GEN1_MAC = '6CC9E744933534DD2C29783C298DA431F601B7F5E5EDFC4E602F143D61C8E646';

/** A store whose slots can be made to fail, and that counts writes. */
class TestStore extends MemoryNvm {
  readFails: Partial<Record<NvmSlot, string>> = {};
  writeFails: Partial<Record<NvmSlot, string>> = {};
  writes = 0;
  override read(slot: NvmSlot): NvmIo<string | null> {
    const e = this.readFails[slot];
    return e ? { ok: false, error: e } : super.read(slot);
  }
  override write(slot: NvmSlot, text: string): NvmIo<void> {
    this.writes++;
    const e = this.writeFails[slot];
    return e ? { ok: false, error: e } : super.write(slot, text);
  }
}

const image = (data: NvmData, gen: number) => encodeImage(data, gen, DEVICE_KEY_HEX);
const decode = (text: string) => decodeImage(text, DEVICE_KEY_HEX);
/** A factory image at `gen` with its JSON changed by `f` (the MAC left as it was). */
const edited = (gen: number, f: (o: Record<string, unknown>) => void) => {
  const o = JSON.parse(image(factoryNvm(), gen)) as Record<string, unknown>;
  f(o);
  return JSON.stringify(o);
};
/** A store holding `text` as the image and `witness` as the witness. */
function store(text: string | null, witness: string | null): TestStore {
  const s = new TestStore();
  if (text !== null) s.write('image', text);
  if (witness !== null) s.write('witness', witness);
  s.writes = 0;
  return s;
}

describe('SR-08 the registry image', () => {
  it('SR-08 the factory image at generation 1, byte for byte, with the MAC PROTOCOL.md defines (Python vector)', () => {
    expect(image(factoryNvm(), 1)).toBe(`${JSON.stringify({ version: 2, gen: 1, data: factoryNvm(), mac: FACTORY_GEN1_MAC }, null, 2)}\n`);
    expect(factoryNvm()).toEqual({
      used: { 'N12-REUSED': { firstFiredAt: '2026-01-01T00:00:00.000Z', needleOnMs: 1_800_000, spent: false } },
      contaminated: [], recalledLots: ['L2405-R'], faults: [],
    });
    expect(emptyNvm()).toEqual({ used: {}, contaminated: [], recalledLots: [], faults: [] });
  });

  it('SR-08 a good image decodes to its data and generation, whatever order a writer put the keys in', () => {
    const data: NvmData = { used: { A: { firstFiredAt: 'x', needleOnMs: 5, spent: true } }, contaminated: ['B'], recalledLots: ['L'], faults: ['OVER_TEMP'] };
    expect(decode(image(data, 7))).toEqual({ ok: true, gen: 7, data });
    const reordered = JSON.parse(image(data, 7)) as { data: NvmData & Record<string, unknown> };
    reordered.data = { faults: data.faults, recalledLots: data.recalledLots, contaminated: data.contaminated, used: { A: { spent: true, needleOnMs: 5, firstFiredAt: 'x' } } };
    expect(decode(JSON.stringify(reordered))).toEqual({ ok: true, gen: 7, data });
  });

  it('SR-08 every way an image is refused, with the reason', () => {
    const why = (text: string) => {
      const r = decode(text);
      expect(r.ok).toBe(false);
      return (r as { why: string }).why;
    };
    expect(why('not json')).toBe('registry unreadable');
    expect(why('null')).toBe('registry unreadable');
    expect(why('42')).toBe('registry unreadable');
    expect(why('{"version":1,"used":[],"recalledLots":[]}')).toBe('registry version 1 has no MAC');
    for (const bad of [0, -1, 1.5, '1', null]) expect(why(edited(1, (o) => (o['gen'] = bad)))).toBe('registry malformed');
    expect(why(edited(1, (o) => (o['mac'] = 5)))).toBe('registry malformed');
    expect(why(edited(1, (o) => delete o['data']))).toBe('registry malformed');
    expect(why(edited(1, (o) => (o['data'] = null)))).toBe('registry malformed');
    // The MAC is 64 upper-case hex digits, nothing that merely maps to them.
    for (const bad of [FACTORY_GEN1_MAC.slice(0, 62), FACTORY_GEN1_MAC.toLowerCase(), `${FACTORY_GEN1_MAC.slice(0, 63)}\u0141`.replace('A', '\u0141'), `${FACTORY_GEN1_MAC}00`]) {
      expect(why(edited(1, (o) => (o['mac'] = bad)))).toBe('registry malformed');
    }
    const data = (f: (d: Record<string, unknown>) => void) => why(edited(1, (o) => f(o['data'] as Record<string, unknown>)));
    expect(data((d) => (d['used'] = []))).toBe('registry malformed');
    expect(data((d) => (d['used'] = null))).toBe('registry malformed');
    expect(data((d) => (d['used'] = 'x'))).toBe('registry malformed');
    expect(data((d) => (d['used'] = 5))).toBe('registry malformed');
    for (const k of ['contaminated', 'recalledLots', 'faults']) {
      expect(data((d) => (d[k] = 'x'))).toBe('registry malformed');
      expect(data((d) => (d[k] = [1]))).toBe('registry malformed');
    }
    expect(data((d) => (d['faults'] = ['MELTDOWN']))).toBe('registry malformed');
    for (const entry of [null, 'x', 7, [], { firstFiredAt: 1, needleOnMs: 0, spent: false }, { firstFiredAt: '', needleOnMs: '0', spent: false }, { firstFiredAt: '', needleOnMs: 0, spent: 'no' }]) {
      expect(data((d) => (d['used'] = { X: entry }))).toBe('registry malformed');
    }
    expect(why(edited(1, (o) => (o['gen'] = 2)))).toBe('registry MAC wrong (edited or swapped)');
    expect(why(edited(1, (o) => ((o['data'] as NvmData).recalledLots = [])))).toBe('registry MAC wrong (edited or swapped)');
    expect(decodeImage(image(factoryNvm(), 1), '11'.repeat(26))).toEqual({ ok: false, why: 'registry MAC wrong (edited or swapped)' });
  });
});

describe('SR-08 PenNvm at power-up', () => {
  const boot = (s: TestStore) => new PenNvm(s, DEVICE_KEY_HEX).boot();
  const integrity = (why: string) => ({ data: emptyNvm(), problem: { code: 'NVM_INTEGRITY', why } });

  it('SR-08 a factory-new pen starts from the factory image and writes it, generation 1, witness beside it', () => {
    const s = store(null, null);
    expect(boot(s)).toEqual({ data: factoryNvm(), problem: null });
    expect(s.read('image')).toEqual({ ok: true, value: image(factoryNvm(), 1) });
    expect(s.read('witness')).toEqual({ ok: true, value: '1\n' });
  });

  it('SR-08 a registry missing beside a witness, unreadable slots, a bad image, a missing or garbled witness: NVM_INTEGRITY with an empty registry', () => {
    expect(boot(store(null, '3\n'))).toEqual(integrity('registry missing'));
    const r = store(image(factoryNvm(), 1), '1\n');
    r.readFails.image = 'EIO';
    expect(boot(r)).toEqual(integrity('registry unreadable: EIO'));
    const w = store(image(factoryNvm(), 1), '1\n');
    w.readFails.witness = 'EACCES';
    expect(boot(w)).toEqual(integrity('witness unreadable: EACCES'));
    expect(boot(store('{"version":1}', '1\n'))).toEqual(integrity('registry version 1 has no MAC'));
    expect(boot(store(image(factoryNvm(), 1), null))).toEqual(integrity('witness missing'));
    for (const bad of ['one\n', '1\n\n', '-1\n', '', ' 1\n']) expect(boot(store(image(factoryNvm(), 1), bad))).toEqual(integrity('witness unreadable'));
  });

  it('SR-08 the generation must equal the witness or be one ahead (power lost between the writes, repaired now)', () => {
    const same = store(image(factoryNvm(), 12), '12\n');
    const nvm = new PenNvm(same, DEVICE_KEY_HEX);
    expect(nvm.boot()).toEqual({ data: factoryNvm(), problem: null });
    // A healthy registry is read, not written: the generation stays, and writes are not failing.
    expect(same.writes).toBe(0);
    expect([nvm.writeFailing, nvm.broken]).toEqual([false, null]);
    expect(nvm.write(factoryNvm())).toBeNull();
    expect(same.writes).toBe(0);
    expect(boot(store(image(factoryNvm(), 5), '5'))).toEqual({ data: factoryNvm(), problem: null });
    expect(boot(store(image(factoryNvm(), 4), '5\n'))).toEqual(integrity('registry generation 4, witness 5: rolled back or swapped'));
    expect(boot(store(image(factoryNvm(), 7), '5\n'))).toEqual(integrity('registry generation 7, witness 5: rolled back or swapped'));
    const ahead = store(image(factoryNvm(), 6), '5\n');
    expect(boot(ahead)).toEqual({ data: factoryNvm(), problem: null });
    expect(ahead.read('witness')).toEqual({ ok: true, value: '6\n' });
    const stuck = store(image(factoryNvm(), 6), '5\n');
    stuck.writeFails.witness = 'EROFS';
    expect(boot(stuck)).toEqual({ data: factoryNvm(), problem: { code: 'NVM_WRITE', why: 'EROFS' } });
  });

  it('SR-08 nothing is written to a registry found broken, until a deliberate factory reset', () => {
    const s = store(null, '3\n');
    const nvm = new PenNvm(s, DEVICE_KEY_HEX);
    nvm.boot();
    expect(nvm.write({ ...factoryNvm(), contaminated: ['X'] })).toEqual({ code: 'NVM_INTEGRITY', why: 'registry missing' });
    expect(s.writes).toBe(0);
    expect(factoryReset(s, DEVICE_KEY_HEX)).toEqual({ ok: true, gen: 4 });
    expect(new PenNvm(s, DEVICE_KEY_HEX).boot()).toEqual({ data: factoryNvm(), problem: null });
  });
});

describe('SR-08 PenNvm writes', () => {
  function booted(): { s: TestStore; nvm: PenNvm } {
    const s = store(null, null);
    const nvm = new PenNvm(s, DEVICE_KEY_HEX);
    nvm.boot();
    s.writes = 0;
    return { s, nvm };
  }
  const changed: NvmData = { ...factoryNvm(), contaminated: ['N12-OK-01'] };

  it('SR-08 a change is written as the next generation, witness after image; the same data again is not written', () => {
    const { s, nvm } = booted();
    expect(nvm.write(factoryNvm())).toBeNull();
    expect(s.writes).toBe(0);
    expect(nvm.write(changed)).toBeNull();
    expect(s.read('image')).toEqual({ ok: true, value: image(changed, 2) });
    expect(s.read('witness')).toEqual({ ok: true, value: '2\n' });
    expect(s.writes).toBe(2);
    expect(nvm.write(changed)).toBeNull();
    expect(s.writes).toBe(2);
  });

  it('SR-08 the store must still hold what the pen wrote last: deleted, changed or unreadable is NVM_INTEGRITY, and no more writes', () => {
    const del = booted();
    del.s.erase('image');
    expect(del.nvm.write(changed)).toEqual({ code: 'NVM_INTEGRITY', why: 'registry missing' });
    const swap = booted();
    swap.s.write('image', image(factoryNvm(), 1).replace('"gen": 1', '"gen": 1 '));
    expect(swap.nvm.write(changed)).toEqual({ code: 'NVM_INTEGRITY', why: 'registry changed behind the pen' });
    const eio = booted();
    eio.s.readFails.image = 'EIO';
    expect(eio.nvm.write(changed)).toEqual({ code: 'NVM_INTEGRITY', why: 'registry unreadable: EIO' });
    eio.s.readFails = {};
    eio.s.writes = 0;
    expect(eio.nvm.write({ ...changed, recalledLots: [] })).toEqual({ code: 'NVM_INTEGRITY', why: 'registry unreadable: EIO' });
    expect(eio.s.writes).toBe(0);
  });

  it('SR-08 SR-14 a failing write is NVM_WRITE and is tried again even with the same data; the one that works clears it', () => {
    const { s, nvm } = booted();
    nvm.failWrites = true;
    expect(nvm.write(changed)).toEqual({ code: 'NVM_WRITE', why: 'write failed (injected)' });
    expect(nvm.writeFailing).toBe(true);
    nvm.failWrites = false;
    s.writeFails.image = 'ENOSPC';
    expect(nvm.write(changed)).toEqual({ code: 'NVM_WRITE', why: 'ENOSPC' });
    s.writeFails = { witness: 'EROFS' };
    expect(nvm.write(changed)).toEqual({ code: 'NVM_WRITE', why: 'EROFS' });
    expect(nvm.writeFailing).toBe(true);
    s.writeFails = {};
    expect(nvm.write(changed)).toBeNull();
    expect(nvm.writeFailing).toBe(false);
    expect(s.read('witness')).toEqual({ ok: true, value: '3\n' });
    expect(decode((s.read('image') as { value: string }).value)).toEqual({ ok: true, gen: 3, data: changed });
  });

  it('SR-08 NVM_WIPE erases the image only; the witness stays', () => {
    const { s, nvm } = booted();
    expect(s.label).toBe('memory');
    nvm.wipe();
    expect(s.erase('image')).toEqual({ ok: true, value: undefined });
    expect(s.read('image')).toEqual({ ok: true, value: null });
    expect(s.read('witness')).toEqual({ ok: true, value: '1\n' });
  });
});

describe('SR-08 factory reset', () => {
  it('SR-08 a fresh factory image one generation past the witness (1 with none, or one not a number); write errors returned', () => {
    const s = store(null, '9\n');
    expect(factoryReset(s, DEVICE_KEY_HEX)).toEqual({ ok: true, gen: 10 });
    expect(s.read('image')).toEqual({ ok: true, value: image(factoryNvm(), 10) });
    expect(s.read('witness')).toEqual({ ok: true, value: '10\n' });
    expect(factoryReset(store(null, null), DEVICE_KEY_HEX)).toEqual({ ok: true, gen: 1 });
    expect(factoryReset(store(null, 'x\n'), DEVICE_KEY_HEX)).toEqual({ ok: true, gen: 1 });
    expect(factoryReset(store(null, '41'), DEVICE_KEY_HEX)).toEqual({ ok: true, gen: 42 });
    for (const bad of ['a1\n', '4x\n', '4\n\n']) expect(factoryReset(store(null, bad), DEVICE_KEY_HEX)).toEqual({ ok: true, gen: 1 });
    const unreadable = store(null, '4\n');
    unreadable.readFails.witness = 'EIO';
    expect(factoryReset(unreadable, DEVICE_KEY_HEX)).toEqual({ ok: true, gen: 1 });
    const ro = store(null, '4\n');
    ro.writeFails.image = 'EROFS';
    expect(factoryReset(ro, DEVICE_KEY_HEX)).toEqual({ ok: false, error: 'EROFS' });
    const half = store(null, '4\n');
    half.writeFails.witness = 'EROFS';
    expect(factoryReset(half, DEVICE_KEY_HEX)).toEqual({ ok: false, error: 'EROFS' });
  });
});

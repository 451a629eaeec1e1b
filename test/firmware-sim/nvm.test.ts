/**
 * SR-08, the used-cartridge registry: atomic durable writes, a MAC and a
 * generation witness so a deleted, emptied, edited, rolled-back or swapped
 * registry latches NVM_INTEGRITY, a failed write latches NVM_WRITE (never an
 * exception, never a temporary file left behind), and the deliberate factory
 * reset. The pen cases go through the wire.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../support/run-cli.js';
import { decodeImage, DEVICE_KEY_HEX, encodeImage, factoryNvm } from '../../firmware-sim/src/nvm/image.js';
import { defaultNvmPath, FileNvm, type NvmFs } from '../../firmware-sim/src/node/file-nvm.js';
import { MemoryNvm } from '../../firmware-sim/src/nvm/store.js';
import { Harness, nvmData } from './support/harness.js';


function tmpNvm(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-nvm-'));
  return { dir, file: join(dir, 'nvm.json') };
}

/** A pen with `store` that fires `cart` once (START, STOP) and reports what its START got. */
function fire(store: FileNvm | MemoryNvm, cart: string): { h: Harness; start: string } {
  const h = new Harness({ cartridge: cart, nvm: store }).ready();
  h.cmd('SET_AREA', { area: 'BODY' });
  const r = h.cmd('START');
  h.pen.advance(5);
  const start = r.kind === 'ACK' ? (h.pen.snapshot().motorOn ? 'RUN' : `ACK then ${String(h.evts('FAULT').at(-1)?.fields['code'])}`) : String(r.fields['code']);
  h.cmd('STOP');
  h.run(20);
  return { h, start };
}

/** The faults a fresh pen on `store` latches at power-up, as STATUS reports them. */
function bootFaults(store: FileNvm | MemoryNvm): string {
  return String(new Harness({ nvm: store }).ready().status().fields['faults']);
}

describe('SR-08 the registry file', () => {
  it('SR-08 writes are atomic and durable: temp file, fsync, rename, fsync of the folder; the witness beside it', () => {
    const { dir, file } = tmpNvm();
    const calls: string[] = [];
    const spy: NvmFs = {
      ...fs,
      openSync: ((p: string, ...rest: unknown[]) => {
        calls.push(`open ${p.replace(dir, '')}`);
        return (fs.openSync as (...a: unknown[]) => number)(p, ...rest);
      }) as NvmFs['openSync'],
      fsyncSync: (fd) => {
        calls.push('fsync');
        fs.fsyncSync(fd);
      },
      renameSync: (a, b) => {
        calls.push(`rename ${String(a).replace(dir, '')} ${String(b).replace(dir, '')}`);
        fs.renameSync(a, b);
      },
    };
    const store = new FileNvm(file, spy);
    expect(store.write('image', 'x\n')).toEqual({ ok: true, value: undefined });
    expect(calls).toEqual([`open /nvm.json.${process.pid}.tmp`, 'fsync', `rename /nvm.json.${process.pid}.tmp /nvm.json`, 'open ', 'fsync']);
    expect(store.write('witness', '1\n').ok).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['nvm.json', 'nvm.json.witness']);
    expect(store.read('image')).toEqual({ ok: true, value: 'x\n' });
    expect(new FileNvm(join(dir, 'none.json')).read('image')).toEqual({ ok: true, value: null });
    expect(defaultNvmPath({ XDG_DATA_HOME: '/x' })).toBe('/x/penbench/nvm.json');
  });

  it('SR-08 a failed write (disk full, read-only) is a value, not an exception, and leaves no temporary file', () => {
    const { dir, file } = tmpNvm();
    for (const code of ['ENOSPC', 'EROFS']) {
      const failing: NvmFs = {
        ...fs,
        writeSync: (() => {
          throw Object.assign(new Error(`${code} simulated`), { code });
        }) as NvmFs['writeSync'],
      };
      const r = new FileNvm(file, failing).write('image', 'y\n');
      expect(r).toMatchObject({ ok: false, error: expect.stringContaining(code) });
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('SR-08 the image carries a generation and a MAC over its contents under the device key', () => {
    const text = encodeImage(factoryNvm(), 3, DEVICE_KEY_HEX);
    expect(decodeImage(text, DEVICE_KEY_HEX)).toMatchObject({ ok: true, gen: 3, data: factoryNvm() });
    const edited = text.replace('"N12-REUSED"', '"N12-REUSEX"');
    expect(decodeImage(edited, DEVICE_KEY_HEX)).toMatchObject({ ok: false, why: expect.stringMatching(/MAC/) });
    expect(decodeImage(text, '00'.repeat(16))).toMatchObject({ ok: false });
    expect(decodeImage('{"version":1,"used":[],"recalledLots":[]}', DEVICE_KEY_HEX)).toMatchObject({ ok: false, why: expect.stringMatching(/version 1/) });
  });
});

describe('SR-08 the pen and its registry (through the wire)', () => {
  it('SR-08 a factory-new pen (no file, no witness) starts from the factory image and writes it', () => {
    const { file } = tmpNvm();
    const store = new FileNvm(file);
    expect(fire(store, 'N24-OK-01').start).toBe('RUN');
    expect(nvmData(store)).toMatchObject({ recalledLots: ['L2405-R'], used: { 'N12-REUSED': expect.anything(), 'N24-OK-01': expect.anything() } });
    expect(readFileSync(`${file}.witness`, 'utf8').trim()).toMatch(/^\d+$/);
    expect(fire(new FileNvm(file), 'N24-OK-01').start).toBe('CART_REUSED');
  });

  it('SR-08 the registry deleted while the pen runs: the next first fire latches NVM_INTEGRITY; after a restart the pen refuses to run', () => {
    const { file } = tmpNvm();
    const { h } = fire(new FileNvm(file), 'N12-OK-01');
    rmSync(file);
    h.eng();
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N12-OK-02' });
    h.pen.advance(200);
    expect(h.cmd('START').kind).toBe('ACK');
    h.pen.advance(5);
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code: 'NVM_INTEGRITY', faults: '0400' });
    expect(h.pen.snapshot().trueDepthUm).toBe(0);
    expect(fs.existsSync(file)).toBe(false); // never silently rebuilt
    // A restart does not forget the used cartridge by starting afresh.
    const again = fire(new FileNvm(file), 'N12-OK-01');
    expect(again.start).toBe('FAULT_ACTIVE');
    expect(again.h.evts('FAULT').at(-1)?.fields).toMatchObject({ code: 'NVM_INTEGRITY', msg: 'registry missing' });
    expect(again.h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'FAULT_PRESENT', faults: '0400' });
  });

  it('SR-08 an emptied {"version":1,"used":[],"recalledLots":[]} registry is NVM_INTEGRITY, not an empty registry', () => {
    const { file } = tmpNvm();
    fire(new FileNvm(file), 'N12-OK-01');
    writeFileSync(file, '{"version":1,"used":[],"recalledLots":[]}');
    expect(fire(new FileNvm(file), 'N12-OK-01').start).toBe('FAULT_ACTIVE');
    expect(bootFaults(new FileNvm(file))).toBe('0400');
  });

  it('SR-08 an edited, rolled-back or swapped registry latches NVM_INTEGRITY at boot', () => {
    const { file } = tmpNvm();
    fire(new FileNvm(file), 'N12-OK-01');
    const good = readFileSync(file, 'utf8');
    // Edited: the fired cartridge taken out of the list.
    writeFileSync(file, good.replace('"N12-OK-01"', '"N12-OK-99"'));
    expect(bootFaults(new FileNvm(file))).toBe('0400');
    // Rolled back: an older image whose MAC is right, but whose generation the witness has passed.
    writeFileSync(file, good);
    fire(new FileNvm(file), 'N12-OK-02');
    writeFileSync(file, good);
    expect(bootFaults(new FileNvm(file))).toBe('0400');
    // Swapped: another pen's registry (another device key).
    const other = tmpNvm();
    fire(new FileNvm(other.file), 'N12-OK-03');
    writeFileSync(file, encodeImage(factoryNvm(), Number(readFileSync(`${file}.witness`, 'utf8')), '11'.repeat(16)));
    expect(bootFaults(new FileNvm(file))).toBe('0400');
  });

  it('SR-08 a write that fails (disk full) latches NVM_WRITE: START is ACKed and faults before the needle moves, nothing thrown, no temp file', () => {
    const { dir, file } = tmpNvm();
    let full = false;
    const disk: NvmFs = {
      ...fs,
      writeSync: ((...a: Parameters<typeof fs.writeSync>) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return (fs.writeSync as (...x: unknown[]) => number)(...a);
      }) as NvmFs['writeSync'],
    };
    const h = new Harness({ cartridge: 'N12-OK-01', nvm: new FileNvm(file, disk) }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    full = true;
    const from = h.frames.length;
    expect(h.cmd('START').kind).toBe('ACK');
    expect(h.since(from, 'EVT').map((f) => [f.fields['ev'], f.fields['code'] ?? f.fields['st']])).toEqual([['FAULT', 'NVM_WRITE'], ['STATE', 'FAULT']]);
    h.pen.advance(5);
    expect(h.pen.snapshot().trueDepthUm).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['nvm.json', 'nvm.json.witness']);
    expect(h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'FAULT_PRESENT', faults: '0200' });
    // Space again: the pen's next retry (at most 1 s later) succeeds and records the first fire it could not.
    full = false;
    h.run(1000, 200);
    expect(h.status().fields).toMatchObject({ faults: '0200', present: '0000' });
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    expect(nvmData(new FileNvm(file)).used).toHaveProperty('N12-OK-01');
  });

  it('SR-08 SIM_FAULT NVM_FAIL: writes fail until CLEAR; the first fire latches NVM_WRITE and the pen does not run', () => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.eng();
    h.cmd('SIM_FAULT', { f: 'NVM_FAIL' });
    expect(h.cmd('START').kind).toBe('ACK');
    h.pen.advance(5);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0200', present: '0200' });
    expect(h.pen.snapshot().trueDepthUm).toBe(0);
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    h.pen.advance(2);
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    expect(h.cmd('START').kind).toBe('ACK');
  });

  it('SR-08 SIM_FAULT NVM_WIPE: the pen notices at its next write and after a power cycle (NVM_INTEGRITY)', () => {
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.eng();
    h.cmd('SIM_FAULT', { f: 'NVM_WIPE' });
    expect(h.cmd('START').kind).toBe('ACK');
    h.pen.advance(5);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0400' });
    h.cmd('SIM_POWER', { op: 'CYCLE' });
    h.pen.advance(400);
    h.hello();
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0400', present: '0400' });
  });

  it('SR-08 npm run sim -- --factory-reset --nvm FILE is the deliberate way back: a fresh factory image past the witness', () => {
    const { file } = tmpNvm();
    fire(new FileNvm(file), 'N12-OK-01');
    writeFileSync(file, '{"version":1,"used":[],"recalledLots":[]}');
    expect(bootFaults(new FileNvm(file))).toBe('0400');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'firmware-sim/src/cli/sim-cli.ts', '--factory-reset', '--nvm', file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^FACTORY-RESET ${file} gen=\\d+$`, 'm'));
    expect(bootFaults(new FileNvm(file))).toBe('0000');
    expect(nvmData(new FileNvm(file))).toEqual(factoryNvm());
  });
});

/**
 * SR-08, the registry's file store under failure: every file descriptor it
 * opens is closed exactly once and no other is touched, whichever step fails;
 * a registry that exists but cannot be read is an error, never "factory new";
 * erase is durable and reports what it could not do. The file system here is
 * in memory and hands out descriptors from 0, as a simulator started with its
 * standard input closed gets them.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileNvm, type NvmFs } from '../../firmware-sim/src/node/file-nvm.js';
import { Harness } from './support/harness.js';

type Step = 'mkdir' | 'open' | 'write' | 'fsync' | 'close' | 'rename' | 'unlink' | 'read';

const err = (code: string) => Object.assign(new Error(`${code} simulated`), { code });

/** A file system in memory with descriptors from 0, a log of calls and one injectable failure per step. */
class MemFs {
  readonly files = new Map<string, string>();
  readonly log: string[] = [];
  readonly open = new Map<number, { path: string; data: Buffer[] }>();
  readonly closedBad: number[] = [];
  fail: Partial<Record<Step, string>> = {};
  private next = 0;

  private check(step: Step): void {
    const code = this.fail[step];
    if (code) throw err(code);
  }

  readonly api: NvmFs = {
    mkdirSync: (() => {
      this.check('mkdir');
      return undefined;
    }) as NvmFs['mkdirSync'],
    openSync: ((p: string) => {
      this.check('open');
      const fd = this.next++;
      this.open.set(fd, { path: p, data: [] });
      this.log.push(`open ${fd} ${p}`);
      return fd;
    }) as NvmFs['openSync'],
    writeSync: ((fd: number, buf: Buffer, off: number) => {
      this.check('write');
      // Short writes: at most 3 bytes a call, so the caller must loop.
      const n = Math.min(3, buf.length - off);
      this.open.get(fd)!.data.push(Buffer.from(buf.subarray(off, off + n)));
      return n;
    }) as NvmFs['writeSync'],
    fsyncSync: ((fd: number) => {
      this.check('fsync');
      this.log.push(`fsync ${fd}`);
    }) as NvmFs['fsyncSync'],
    closeSync: ((fd: number) => {
      const f = this.open.get(fd);
      if (!f) {
        this.closedBad.push(fd);
        throw err('EBADF');
      }
      this.open.delete(fd);
      this.log.push(`close ${fd}`);
      if (f.data.length > 0) this.files.set(f.path, Buffer.concat(f.data).toString('utf8'));
      this.check('close');
    }) as NvmFs['closeSync'],
    renameSync: ((a: string, b: string) => {
      this.check('rename');
      const t = this.files.get(a);
      if (t === undefined) throw err('ENOENT');
      this.files.delete(a);
      this.files.set(b, t);
      this.log.push(`rename ${a} ${b}`);
    }) as NvmFs['renameSync'],
    unlinkSync: ((p: string) => {
      this.check('unlink');
      if (!this.files.delete(p)) throw err('ENOENT');
      this.log.push(`unlink ${p}`);
    }) as NvmFs['unlinkSync'],
    readFileSync: ((p: string) => {
      this.check('read');
      const t = this.files.get(p);
      if (t === undefined) throw err('ENOENT');
      return t;
    }) as NvmFs['readFileSync'],
  };
}

describe('SR-08 the registry file store under failure', () => {
  it('SR-08 a write closes every descriptor it opened exactly once (fd 0 included) and writes all bytes of non-ASCII text', () => {
    const m = new MemFs();
    const store = new FileNvm('/d/nvm.json', m.api);
    const text = 'registry — µm, 10 bytes+\n';
    expect(store.write('image', text)).toEqual({ ok: true, value: undefined });
    expect(m.files.get('/d/nvm.json')).toBe(text);
    expect(m.log).toEqual([`open 0 /d/nvm.json.${process.pid}.tmp`, 'fsync 0', 'close 0', `rename /d/nvm.json.${process.pid}.tmp /d/nvm.json`, 'open 1 /d', 'fsync 1', 'close 1']);
    expect(m.open.size).toBe(0);
    expect(m.closedBad).toEqual([]);
  });

  for (const step of ['mkdir', 'open', 'write', 'fsync', 'rename'] as const) {
    it(`SR-08 a write failing at ${step} is reported with its code, closes what it opened, closes nothing else, leaves no temporary file`, () => {
      const m = new MemFs();
      m.files.set('/d/nvm.json', 'old\n');
      m.fail[step] = 'ENOSPC';
      const r = new FileNvm('/d/nvm.json', m.api).write('image', 'new\n');
      expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^ENOSPC: /) });
      expect(m.open.size).toBe(0);
      expect(m.closedBad).toEqual([]);
      expect([...m.files.keys()]).toEqual(['/d/nvm.json']);
      expect(m.files.get('/d/nvm.json')).toBe('old\n');
    });
  }

  it('SR-08 a registry that exists but cannot be read is an error, not an empty slot', () => {
    const m = new MemFs();
    m.files.set('/d/nvm.json', 'x');
    m.fail.read = 'EACCES';
    expect(new FileNvm('/d/nvm.json', m.api).read('image')).toMatchObject({ ok: false, error: expect.stringMatching(/^EACCES: /) });
    m.fail = {};
    expect(new FileNvm('/d/nvm.json', m.api).read('witness')).toEqual({ ok: true, value: null });
  });

  it('SR-08 a pen whose registry path cannot be read (a folder there) latches NVM_INTEGRITY instead of starting factory-new', () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-nvm-'));
    const file = join(dir, 'nvm.json');
    mkdirSync(file);
    const h = new Harness({ nvm: new FileNvm(file), cartridge: 'N12-OK-01' }).ready();
    expect(String(h.status().fields['faults'])).toBe('0400');
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields['code']).toBe('FAULT_ACTIVE');
  });

  it('SR-08 erase removes the slot durably (folder synced), treats an absent slot as done and reports any other failure', () => {
    const m = new MemFs();
    m.files.set('/d/nvm.json.witness', '3\n');
    const store = new FileNvm('/d/nvm.json', m.api);
    expect(store.erase('witness')).toEqual({ ok: true, value: undefined });
    expect(m.log).toEqual(['unlink /d/nvm.json.witness', 'open 0 /d', 'fsync 0', 'close 0']);
    expect(m.files.size).toBe(0);
    expect(store.erase('witness')).toEqual({ ok: true, value: undefined });
    m.files.set('/d/nvm.json', 'x');
    m.fail.unlink = 'EBUSY';
    expect(store.erase('image')).toMatchObject({ ok: false, error: expect.stringMatching(/^EBUSY: /) });
    expect(m.files.has('/d/nvm.json')).toBe(true);
    expect(m.open.size).toBe(0);
  });
});

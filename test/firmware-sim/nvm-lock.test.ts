/**
 * One simulated pen per NVM file (SR-08): a second simulator on the same
 * registry file is refused naming the one that holds it, in another process
 * (the CLI) and in this one (the serialport binding); a lock left by a
 * process that died is taken over. And where the file lives by default on
 * each platform.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userDataDir } from '../../protocol/node/data-dir.js';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import { defaultNvmPath } from '../../firmware-sim/src/node/file-nvm.js';
import { lockNvm } from '../../firmware-sim/src/node/nvm-lock.js';
import { createSimBinding } from '../../firmware-sim/src/node/sim-binding.js';
import { HAS_SOCAT, needs } from '../support/requirements.js';
import { PENBENCH_BIN, runPenbench } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'penbench-nvm-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NVM file lock', () => {
  it.skipIf(!HAS_SOCAT)('SR-08 a second simulator process on the same NVM file is refused naming the first; a factory reset too; free once it stops' + needs.socat, async () => {
    const nvm = join(dir, 'shared.json');
    const first = spawn(process.execPath, [PENBENCH_BIN, 'sim', '--pty', '--nvm', nvm], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        first.stdout.on('data', (d: Buffer) => d.toString().includes('NVM ') && resolve());
        first.once('exit', (code) => reject(new Error(`first simulator exited ${code}`)));
      });
      const [second, reset] = await Promise.all([
        runPenbench(['sim', '--pty', '--nvm', nvm]),
        runPenbench(['sim', '--factory-reset', '--nvm', nvm]),
      ]);
      for (const r of [second, reset]) {
        expect(r.code).toBe(1);
        expect(r.err).toContain(`the NVM file ${nvm} is in use by another simulated pen (process ${first.pid},`);
        expect(r.err).toContain('another file (--nvm FILE)');
      }
    } finally {
      first.kill('SIGTERM');
      await new Promise((r) => first.once('close', r));
    }
    expect(existsSync(`${nvm}.lock`)).toBe(false);
    const after = await runPenbench(['sim', '--factory-reset', '--nvm', nvm]);
    expect(after.code, after.err).toBe(0);
    expect(after.out).toContain(`FACTORY-RESET ${nvm}`);
  });

  it('SR-08 a second in-process simulated pen on the same file is refused when its port opens; the first one\'s close frees it', async () => {
    const nvm = join(dir, 'in-process.json');
    const path = `sim://pen?nvm=${encodeURIComponent(nvm)}`;
    const one = new SerialTransport({ path, binding: createSimBinding() });
    const two = new SerialTransport({ path, binding: createSimBinding() });
    expect(await one.open()).toEqual({ ok: true });
    const refused = await two.open();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain(`the NVM file ${nvm} is already in use by another simulated pen in this process`);
    await one.close();
    expect(await two.open()).toEqual({ ok: true });
    await two.close();
  });

  it('SR-08 a lock left by a process that died is taken over; one from another host is refused naming the lock file', () => {
    const nvm = join(dir, 'stale.json');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(`${nvm}.lock`, JSON.stringify({ pid: dead, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const taken = lockNvm(nvm, { isAlive: () => false });
    expect(taken.ok).toBe(true);
    if (taken.ok) taken.lock.release();
    expect(existsSync(`${nvm}.lock`)).toBe(false);
    writeFileSync(`${nvm}.lock`, JSON.stringify({ pid: 4242, host: 'bench-pc-2', since: '2026-01-01T00:00:00Z' }));
    const foreign = lockNvm(nvm);
    expect(foreign).toEqual({
      ok: false,
      error: `the NVM file ${nvm} is in use by another simulated pen (process 4242 on bench-pc-2, since 2026-01-01T00:00:00Z). `
        + `Give this one another file (--nvm FILE), or stop the other one; if it is gone, delete ${nvm}.lock.`,
    });
  });

  it('defaults to the platform\'s data folder: XDG on Linux, Application Support on macOS, AppData on Windows', () => {
    expect(defaultNvmPath({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/penbench/nvm.json');
    expect(userDataDir({}, 'linux', '/home/ann')).toBe('/home/ann/.local/share/penbench');
    expect(userDataDir({ XDG_DATA_HOME: '' }, 'linux', '/home/ann')).toBe('/home/ann/.local/share/penbench');
    expect(userDataDir({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/penbench');
    expect(userDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\penbench');
    expect(userDataDir({}, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\penbench');
  });
});

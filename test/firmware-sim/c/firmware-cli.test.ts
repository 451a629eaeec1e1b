/**
 * `npm run firmware` and the host board's own command line: a bad argument
 * names itself and the allowed values (exit 2); `--board host` builds the
 * pen, prints `PTY <path>`, and a pen answers on that path.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROTO_VERSION, SCHEMA_HASH, decodeLine, encode } from '../../../protocol/src/index.js';
import { SerialTransport } from '../../../protocol/node/serial-transport.js';
import { PEN_BUILD, ROOT, buildBoard } from '../../../firmware-sim/c/tools/c-pen.js';
import { parseFirmwareArgs } from '../../../firmware-sim/c/tools/firmware.js';
import { HAS_GCC, needs } from '../../support/requirements.js';

describe('npm run firmware', () => {
  it('names a bad argument and the allowed values', () => {
    const bad = (argv: string[]) => {
      const r = parseFirmwareArgs(argv);
      return r.ok ? '' : r.error;
    };
    expect(bad([])).toMatch(/--board is required: host or qemu/);
    expect(bad(['--board', 'stm32'])).toMatch(/--board: "stm32" is not one of host, qemu/);
    expect(bad(['--board', 'host', '--cartridge', 'X1'])).toMatch(/--cartridge: "X1" is not none or a sample id \(N12-OK-01, /);
    expect(bad(['--board', 'host', '--baud', 'fast'])).toMatch(/--baud: "fast" is not an integer 0..4000000/);
    expect(bad(['--board', 'qemu', '--baud', '9600'])).toMatch(/--baud: only for --board host/);
    expect(bad(['--board', 'host', '--serial', 'pb 1'])).toMatch(/--serial: "pb 1" is not a token/);
    expect(bad(['--board', 'host', '--frob'])).toMatch(/unknown option "--frob"; allowed: --board, /);
    const ok = parseFirmwareArgs(['--board', 'qemu', '--cartridge', 'none', '--factory-reset']);
    expect(ok.ok && ok.opts).toMatchObject({ board: 'qemu', cartridge: 'none', factoryReset: true });
  });

  it.skipIf(!HAS_GCC)('exits 2 with the argument named, from the shell' + needs.gcc, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'firmware-sim/c/tools/firmware.ts'), '--board', 'arm'], { encoding: 'utf8', cwd: ROOT });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--board: "arm" is not one of host, qemu');
  });

  it.skipIf(!HAS_GCC)('the host board refuses a bad option with exit 2 and its allowed values' + needs.gcc, () => {
    buildBoard('host');
    const run = (args: string[]) => spawnSync(`${PEN_BUILD}/pen-host`, args, { encoding: 'utf8' });
    let r = run(['--cartridge', 'N99']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--cartridge: "N99" is not a sample cartridge id');
    r = run(['--baud', '-5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--baud: "-5" is not an integer 0..4000000');
    r = run(['--serial', 'TOO-LONG-SERIAL-1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--serial');
    expect(execFileSync(`${PEN_BUILD}/pen-host`, ['--help'], { encoding: 'utf8' })).toContain('--cartridge ID|none');
  });

  it.skipIf(!HAS_GCC)('--board host prints PTY <path> and a pen answers HELLO there' + needs.gcc, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-fw-'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'firmware-sim/c/tools/firmware.ts'), '--board', 'host', '--nvm', join(dir, 'r.nvm')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      const path = await new Promise<string>((res, rej) => {
        let out = '';
        const t = setTimeout(() => rej(new Error(`no PTY line: ${out}`)), 30_000);
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const m = /^PTY (\S+)$/m.exec(out);
          if (m) {
            clearTimeout(t);
            res(m[1]!);
          }
        });
      });
      const port = new SerialTransport({ path });
      expect((await port.open()).ok).toBe(true);
      const info = new Promise<string>((res) => port.on('line', (l) => {
        const r = decodeLine(l);
        if (r.ok && r.msg.kind === 'INFO') res(String(r.msg.fields.serial));
      }));
      await port.write(encode({ seq: 1, kind: 'HELLO', fields: { proto: PROTO_VERSION, schema: SCHEMA_HASH } }));
      expect(await info).toBe('PB-C-HOST-01');
      await port.close();
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * `penbench` as a user runs it, each case a spawned process: one entry point
 * with subcommands, `--help` exit 0 on every one, `--key=value` and
 * `--key value`, bad arguments named with what is allowed (exit 2), secrets
 * from a 0600 file or the environment, the console's link advice, `ports`.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENG_KEY_HEX, ENG_KEY_ENV } from '../../../protocol/node/eng-auth.js';
import { openPtyPair } from '../../../protocol/node/pty-pair.js';
import { HAS_SOCAT, needs } from '../../support/requirements.js';
import { REPO_ROOT, runPenbench } from '../../support/run-cli.js';
import { spawn } from 'node:child_process';

const dir = mkdtempSync(join(tmpdir(), 'penbench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('penbench: one entry point', () => {
  it('lists its commands on --help (exit 0), and without a command or with an unknown one exits 2 naming them', async () => {
    const [help, none, unknown] = await Promise.all([runPenbench(['--help']), runPenbench([]), runPenbench(['frob'])]);
    expect(help.code).toBe(0);
    for (const c of ['web', 'dev', 'pen', 'ports', 'sim', 'hil', 'bench']) expect(help.out).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage: penbench <command>');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "frob"; commands: web, dev, pen, ports, sim, hil, bench');
  });

  it('--help exits 0 on every subcommand and shows its options', async () => {
    const cases: [string[], string][] = [
      [['web', '--help'], '--port N'], [['dev', '--help'], '--no-record'], [['pen', '-h'], '--eng-key-file FILE'], [['pen', 'dump', '--help'], '--json'],
      [['ports', '--help'], '--json'], [['sim', '--help'], '--clock sim|real'], [['bench', '--help'], '--only protocol|sim|ui|replay|host'],
      [['hil', '--help'], '--target'], [['help', 'ports'], 'penbench ports'],
    ];
    const runs = await Promise.all(cases.map(([args]) => runPenbench(args)));
    runs.forEach((r, i) => {
      expect(r.code, `${cases[i]![0].join(' ')}: ${r.err}`).toBe(0);
      expect(r.out).toContain(cases[i]![1]);
    });
  });

  it('a bad argument names itself and the allowed values, exit 2, as --key value and --key=value alike', async () => {
    const cases: [string[], string][] = [
      [['sim', '--pty', '--clock', 'fast'], '--clock: "fast" is not one of: sim, real'],
      [['sim', '--pty', '--clock=fast'], '--clock: "fast" is not one of: sim, real'],
      [['web', '--port=http'], '--port: "http" is not an integer 0..65535 (0 = any free port)'],
      [['bench', '--only', 'nope'], '--only: "nope" is not one of: protocol, sim, ui, replay, host'],
      [['ports', '--jsn'], 'unknown option "--jsn"; allowed: --json, --help'],
      [['ports', '--json=yes'], '--json takes no value'],
      [['pen', 'sim', '--baud'], '--baud needs a value: N'],
      [['pen', 'dump'], 'missing one capture file'],
    ];
    const runs = await Promise.all(cases.map(([args]) => runPenbench(args)));
    runs.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(' ')).toBe(2);
      expect(r.err).toContain(cases[i]![1]);
    });
  });

  it('`npx penbench --help` runs the package bin', async () => {
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn('npx', ['--no-install', 'penbench', '--help'], { cwd: REPO_ROOT });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.on('close', (code) => resolve({ code, out }));
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: penbench <command>');
  });
});

describe('penbench: secrets and advice', () => {
  it('takes the engineering key from a 0600 file or the environment, refuses a file others can read, never the command line', async () => {
    const file = join(dir, 'eng.key');
    writeFileSync(file, `${DEFAULT_ENG_KEY_HEX}\n`);
    chmodSync(file, 0o644);
    const open = await runPenbench(['pen', 'sim', `--eng-key-file=${file}`]);
    expect(open.code).toBe(2);
    expect(open.err).toContain(`--eng-key-file: "${file}" is readable by others (mode 644); allowed: 600 or 400`);
    chmodSync(file, 0o600);
    const [fromFile, fromEnv, badEnv, help] = await Promise.all([
      runPenbench(['pen', 'sim', '--eng-key-file', file], { input: 'eng\nquit\n' }),
      runPenbench(['pen', 'sim'], { input: 'eng\nquit\n', env: { [ENG_KEY_ENV]: DEFAULT_ENG_KEY_HEX } }),
      runPenbench(['pen', 'sim'], { env: { [ENG_KEY_ENV]: 'not-hex' } }),
      runPenbench(['pen', '--help']),
    ]);
    for (const [r, from] of [[fromFile, file], [fromEnv, `$${ENG_KEY_ENV}`]] as const) {
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`-- eng uses the key from ${from}`);
      // SR-17: the pen accepted the MAC made with that key (a wrong key is answered NAK AUTH).
      expect(r.out).toMatch(/< CHAL re=\d+ nonce=[0-9A-F]{16} .*\n< ACK re=\d+ t=\d+/);
    }
    expect(badEnv.code).toBe(2);
    expect(badEnv.err).toContain(`$${ENG_KEY_ENV}: not a key in hex`);
    expect(help.out).toContain(`$${ENG_KEY_ENV}`);
    expect(help.out).toMatch(/never from the command line/);
  });

  it('a missing port gets the console\'s NOT_FOUND advice in pen and sim, not a bare OS error', async () => {
    const missing = join(dir, 'ttyNOPE');
    const [pen, sim] = await Promise.all([runPenbench(['pen', missing]), runPenbench(['sim', '--port', missing, '--nvm', ':memory:'])]);
    for (const r of [pen, sim]) {
      expect(r.code).toBe(1);
      expect(r.err).toContain('The port does not exist (any more). Replug the pen');
      expect(r.err).toContain('penbench ports lists the serial ports');
    }
  });

  it.skipIf(!HAS_SOCAT)('a port another program holds gets the console\'s BUSY advice' + needs.socat, async () => {
    const pair = await openPtyPair();
    const sim = spawn(process.execPath, [join(REPO_ROOT, 'console/cli/penbench.mjs'), 'sim', '--port', pair.a, '--nvm', ':memory:'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        sim.stdout.on('data', (d: Buffer) => d.toString().includes('PORT ') && resolve());
        sim.once('exit', (code) => reject(new Error(`sim exited ${code}`)));
      });
      const r = await runPenbench(['pen', pair.a]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('Another program has the port open');
    } finally {
      sim.kill('SIGTERM');
      await new Promise((r) => sim.once('close', r));
      await pair.close();
    }
  });

  it('`ports` lists the serial ports as a table or as JSON', async () => {
    const [table, json] = await Promise.all([runPenbench(['ports']), runPenbench(['ports', '--json'])]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^PATH +VID:PID +MANUFACTURER +SERIAL$|^\(no serial ports found\)$/m);
    expect(json.code).toBe(0);
    const ports = JSON.parse(json.out) as Record<string, unknown>[];
    expect(Array.isArray(ports)).toBe(true);
    for (const p of ports) expect(Object.keys(p).sort()).toEqual(['manufacturer', 'path', 'serialNumber', 'vidPid']);
  });
});

/**
 * The interactive pen console (console/cli): its REPL core driven like a user
 * at the prompt against the simulator through its serialport binding, Tab
 * completion from the catalogue, and `dump` over a small console recording
 * and over plain wire lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { frame, PenClient } from '../../protocol/src/index.js';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import { createSimBinding } from '../../firmware-sim/src/node/sim-binding.js';
import { complete } from '../../console/cli/completion.js';
import { dumpCapture } from '../../console/cli/dump.js';
import { penCliMain } from '../../console/cli/main.js';
import { parseCommand, PenRepl } from '../../console/cli/repl.js';

const dir = mkdtempSync(join(tmpdir(), 'penbench-pencli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

describe('pen console REPL core', () => {
  it('sends typed commands and prints decoded answers, NAK reasons (SR-01) and events; raw mode writes lines as typed', async () => {
    const client = new PenClient({ transport: new SerialTransport({ path: 'sim://pen?cartridge=N12-OK-01', binding: createSimBinding() }) });
    let out = '';
    const repl = new PenRepl(client, { print: (t) => (out += t), tlmPeriodMs: 200 });
    const c = await client.connect();
    expect(c.ok).toBe(true);
    await until(() => out.includes('CART_OK') && out.includes('EVT BOOT'));
    await repl.input('SET_DEPTH um=1500');
    expect(out).toMatch(/< ACK re=\d+ t=\d+ {2}\(\d+\.\d ms\)/);
    await repl.input('set_depth um=1525');
    expect(out).toMatch(/< NAK re=\d+ code=DEPTH_RANGE .*✗/);
    await repl.input('SET_DEPTH mm=3');
    expect(out).toContain('!! mm: not a key of SET_DEPTH; keys: um');
    await repl.input('TLM_RATE hz=50');
    await until(() => /~ TLM \d+\.\d\/s s=READY d=1500/.test(out));
    expect(out).toMatch(/~ TLM \d+\.\d\/s s=READY d=1500 m=0/);
    const tlmLines = out.split('\n').filter((l) => l.startsWith('~ TLM')).length;
    expect(tlmLines).toBeLessThan(20);
    await repl.input('raw');
    expect(repl.prompt).toBe('raw> ');
    const line = frame('60001 PING').trim();
    await repl.input(line);
    await until(() => out.includes('re=60001'));
    expect(out).toContain(`> ${line}`);
    expect(out).toMatch(/< ACK re=60001/);
    await repl.input('raw');
    await repl.input('help SIM_FAULT');
    expect(out).toContain('f= DEPTH_DRIFT|SERVO_STUCK|STALL');
    expect(await repl.input('quit')).toBe('quit');
    repl.detach();
    await client.close();
  });

  it('completes kinds, keys and enum values from the catalogue', () => {
    expect(complete('SET_D')[0]).toEqual(['SET_DEPTH']);
    expect(complete('set_')[0]).toEqual(expect.arrayContaining(['SET_DEPTH', 'SET_RATE', 'SET_AREA']));
    expect(complete('he')[0]).toEqual(['HELLO', 'help']);
    expect(complete('SET_DEPTH u')).toEqual([['um='], 'u']);
    expect(complete('SIM_FAULT f=ST')).toEqual([['f=STALL'], 'f=ST']);
    expect(complete('SIM_CART op=INSERT ')[0]).toEqual(['id=']);
    expect(complete('NOPE x')[0]).toEqual([]);
  });

  it('parses typed commands, naming a bad key and the allowed keys', () => {
    expect(parseCommand('set_rate hz=120')).toEqual({ ok: true, kind: 'SET_RATE', fields: { hz: 120 } });
    expect(parseCommand('SET_RATE hz=fast')).toEqual({ ok: false, error: 'hz: "fast" is not an integer (0..999)' });
    expect(parseCommand('FROB')).toMatchObject({ ok: false, error: expect.stringContaining('unknown command "FROB"') });
  });

  it('runs piped stdin commands through the CLI entry and rejects a bad target naming the allowed ones', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let text = '';
    stdout.on('data', (d: Buffer) => (text += d.toString()));
    const done = penCliMain(['sim'], { stdin, stdout, stderr, terminal: false });
    stdin.end('GET_INFO\nGET_STATUS\nPING\nquit\n');
    expect(await done).toBe(0);
    expect(text).toMatch(/-- connected to sim:\/\/pen: SIM-1\.0 serial PB-SIM-0001, proto 1 schema [0-9A-F]{8}, state (BOOT|NOCART)\./);
    expect(text).toMatch(/< INFO .*re=\d+ proto=1 .* dmin=250 dmax=2500 /);
    expect(text).toMatch(/< STATUS .*re=\d+ st=[A-Z]+ um=250 hz=120 eng=0/);
    let err = '';
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await penCliMain(['bogus'], { stdin: new PassThrough(), stdout, stderr, terminal: false })).toBe(2);
    expect(err).toContain('target "bogus" is not one of: sim, sim://pen?…, a serial device path');
  });
});

describe('pen console dump', () => {
  it('decodes a console recording (JSON Lines format 1) with times, directions, errors and seq gaps', () => {
    const rec = [
      JSON.stringify({ type: 'start', format: 1, wall: 1000, target: 'sim://pen', console: 'penbench' }),
      JSON.stringify({ w: 1000, t: 0, d: 'out', l: frame('0 HELLO proto=1 schema=59ACB17C').trim() }),
      JSON.stringify({ w: 1012, t: 12, d: 'in', l: frame('0 NAK re=0 code=VERSION').trim() }),
      JSON.stringify({ w: 1500, t: 500, d: 'in', l: frame('1 TLM t=500 s=READY d=250 m=0 r=0 n=0 p=0 c=240 b=99').trim() }),
      JSON.stringify({ w: 1600, t: 600, d: 'in', l: frame('4 EVT ev=FAULT t=600 code=LINK_LOST').trim() }),
      JSON.stringify({ w: 1700, t: 700, d: 'in', l: '$5 PING*0000' }),
      JSON.stringify({ w: 1800, t: 800, d: 'note', l: 'link lost' }),
      JSON.stringify({ type: 'end', wall: 1900, lines: 6 }),
      '{"w":19',
    ].join('\n');
    const file = join(dir, 'session.jsonl');
    writeFileSync(file, rec);
    const out = dumpCapture(rec);
    expect(out[0]).toMatch(/^\s+0\.000 s > HELLO\s+seq=0\s+proto=1 schema=59ACB17C$/);
    expect(out[1]).toMatch(/0\.012 s < NAK\s+seq=0\s+re=0 code=VERSION/);
    expect(out[2]).toMatch(/0\.500 s < TLM\s+seq=1\s+t=500 s=READY/);
    expect(out[4]).toMatch(/0\.700 s < !! BAD_CRC/);
    expect(out[5]).toBe('    0.800 s # link lost');
    expect(out.at(-1)).toBe('-- 6 lines (console recording): HELLO 1, NAK 1, TLM 1, EVT 1; 1 undecodable; 2 pen frames lost (seq gaps)');
  });

  it('decodes plain wire lines and runs as `pen dump <file>`', async () => {
    const text = [frame('17 SET_DEPTH um=1500'), frame('204 ACK re=17'), 'garbage', ''].join('');
    const file = join(dir, 'capture.txt');
    writeFileSync(file, text);
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    expect(await penCliMain(['dump', file], { stdin: new PassThrough(), stdout, stderr: new PassThrough(), terminal: false })).toBe(0);
    expect(out).toContain('SET_DEPTH   seq=17    um=1500');
    expect(out).toContain('ACK         seq=204   re=17');
    expect(out).toContain('!! BAD_FRAME');
    expect(out).toContain('-- 3 lines (plain lines): SET_DEPTH 1, ACK 1; 1 undecodable');
  });
});

/** `npm run hil` arguments, the in-process CLI path with JUnit/HTML output, and scenario-file errors. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDuration, parseHilArgs } from './cli-args.js';
import { hilMain } from './cli-main.js';
import { parseScenario } from './scenario.js';
import { findAll, parseXml } from './support/mini-xml.js';

const dir = mkdtempSync(join(tmpdir(), 'penbench-hil-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { io: { out: (t: string) => void; err: (t: string) => void }; text: () => string } {
  let s = '';
  return { io: { out: (t) => (s += t), err: (t) => (s += t) }, text: () => s };
}

describe('hil CLI arguments', () => {
  it('names a bad argument and the allowed values', () => {
    expect(parseHilArgs([])).toEqual({ ok: false, error: '--target is required: sim, pty or a serial device path (e.g. /dev/ttyACM0)' });
    expect(parseHilArgs(['--target', 'usb'])).toMatchObject({ ok: false, error: expect.stringContaining('"usb" is not sim, pty or a serial device path') });
    expect(parseHilArgs(['--target', 'sim', '--soak', 'forever'])).toMatchObject({ ok: false, error: expect.stringContaining('--soak: "forever" is not a duration; use e.g. 500ms, 90s, 10m, 1h') });
    expect(parseHilArgs(['--target', 'pty', '--baud', 'fast'])).toMatchObject({ ok: false, error: '--baud: "fast" is not an integer 0..4000000' });
    expect(parseHilArgs(['--target', 'sim', '--report', 'r.txt'])).toMatchObject({ ok: false, error: expect.stringContaining('.html') });
    expect(parseHilArgs(['--target', 'sim', '--colour'])).toMatchObject({ ok: false, error: expect.stringContaining('unknown option "--colour"; allowed: --target') });
    expect(parseHilArgs(['--target', '/dev/ttyACM0', '--baud', '57600', '--eng-key', 'AB01'])).toEqual({
      ok: true, args: { target: '/dev/ttyACM0', baud: 57600, engKeyHex: 'ab01', help: false },
    });
  });

  it('parses soak durations', () => {
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('10')).toBeNull();
    expect(parseDuration('1d')).toBeNull();
  });

  it('exits 2 on bad arguments and on a filter matching nothing', async () => {
    const c = capture();
    expect(await hilMain(['--target', 'nowhere'], c.io)).toBe(2);
    expect(c.text()).toMatch(/^hil: --target: "nowhere"/);
    const d = capture();
    expect(await hilMain(['--target', 'sim', '--filter', 'no-such-case'], d.io)).toBe(2);
    expect(d.text()).toContain('no case matches --filter "no-such-case"');
  });

  it('SR-11 runs filtered cases in-process and writes JUnit and HTML naming them', async () => {
    const junit = join(dir, 'sr11.xml');
    const report = join(dir, 'sr11.html');
    const c = capture();
    expect(await hilMain(['--target', 'sim', '--filter', 'SR-11', '--junit', junit, '--report', report], c.io)).toBe(0);
    const cases = findAll(parseXml(readFileSync(junit, 'utf8')), 'testcase');
    expect(cases.length).toBeGreaterThanOrEqual(4);
    expect(cases.every((x) => (x.attrs['name'] ?? '').includes('SR-11'))).toBe(true);
    const lease = cases.find((x) => x.attrs['name']!.startsWith('SR-11.lease:'))!;
    const prop = findAll(lease, 'property').find((p) => p.attrs['name'] === 'last host frame → LEASE');
    expect(Number(prop?.attrs['value'])).toBeGreaterThanOrEqual(500);
    expect(readFileSync(report, 'utf8')).toContain('SR-11.heartbeat-holds');
  });
});

describe('hil --soak', () => {
  it('runs pen time in compressed time and reports lost frames and heap', async () => {
    const c = capture();
    expect(await hilMain(['--target', 'sim', '--soak', '2m'], c.io)).toBe(0);
    expect(c.text()).toMatch(/soak: 2\.0 min of pen time in \d+\.\d s of wall time/);
    expect(c.text()).toMatch(/frames received \d+ \(telemetry 2400\), lost 0, undecodable 0/);
    expect(c.text()).toMatch(/heap start [\d.]+ MB, end [\d.]+ MB/);
  });
});

describe('scenario files', () => {
  it('errors name the file, the step and the problem', () => {
    const head = 'id: X\ntitle: t\nsteps:\n  - connect: true\n';
    expect(() => parseScenario(head + '  - send: FLY um=3\n', 'bad.yaml')).toThrow('bad.yaml: step 2: send: "FLY" is not a host command');
    expect(() => parseScenario(head + '  - expect: TLM m~5\n', 'bad.yaml')).toThrow('bad.yaml: step 2: "m~5" is not a predicate');
    expect(() => parseScenario(head + '  - hand: SIDEWAYS\n', 'bad.yaml')).toThrow('hand: "SIDEWAYS" is not one of AUTO, ON, OFF');
    expect(() => parseScenario('id: X\ntitle: t\nneeds: [laser]\nsteps: [connect: true]\n', 'n.yaml')).toThrow('needs "laser" is not one of');
    const ok = parseScenario(head + '  - fault: STALL\n', 'ok.yaml');
    expect(ok.needs).toContain('sim');
  });
});

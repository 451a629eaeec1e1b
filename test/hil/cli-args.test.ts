/**
 * `npm run hil` as QA uses it: arguments on parseArgs (`--key value` and
 * `--key=value`, bad values named with the allowed ones, exit 2), the
 * engineering key from the environment or a 0600 file only, --list, tags,
 * --rerun-failed from a JUnit report, a seeded shuffle, an unreachable
 * target explained in one line (exit 3), and reports that name the pen and
 * the suite, with a summary per safety rule.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENG_KEY_ENV, parseDuration, parseHilArgs, readEngKey } from './cli-args.js';
import { allCases, hilMain } from './cli-main.js';
import { selectCases, shuffled } from './harness/select.js';
import { junitXml } from './report/junit.js';
import { findAll, parseXml } from './support/mini-xml.js';

const dir = mkdtempSync(join(tmpdir(), 'penbench-hil-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await hilMain(argv, { out: (t) => (text += t), err: (t) => (text += t) }, env);
  return { code, text };
}

describe('hil CLI arguments', () => {
  it('takes --key value and --key=value alike', () => {
    const a = parseHilArgs(['--target=/dev/ttyACM0', '--baud', '57600', '--tags=SR-11,SR-16', '--seed=42', '--operator', '--operator-timeout', '30']);
    expect(a).toMatchObject({ ok: true, args: { target: '/dev/ttyACM0', baud: 57600, tags: ['SR-11', 'SR-16'], shuffle: true, seed: 42, operator: true, operatorTimeoutMs: 30_000 } });
    expect(parseHilArgs(['--target', 'sim', '--dmax=2000', '--rmax', '140'])).toMatchObject({ ok: true, args: { limits: { dmax: 2000, rmax: 140 } } });
  });

  it('names a bad argument and the allowed values', () => {
    const err = (argv: string[]) => {
      const r = parseHilArgs(argv);
      return r.ok ? '(accepted)' : r.error;
    };
    expect(err([])).toBe('--target is required: sim, pty or a serial device path (e.g. /dev/ttyACM0)');
    expect(err(['--target', 'usb'])).toBe('--target: "usb" is not sim, pty or a serial device path (/dev/… or COMn)');
    expect(err(['--target', 'sim', '--soak', 'forever'])).toBe('--soak: "forever" is not a duration; use e.g. 500ms, 90s, 10m, 1h, 1h30m');
    expect(err(['--target', 'pty', '--baud', 'fast'])).toBe('--baud: "fast" is not an integer 0..4000000');
    expect(err(['--target', 'sim', '--seed=-1'])).toBe('--seed: "-1" is not an integer 0..2147483647');
    expect(err(['--target', 'sim', '--seed', '-1'])).toBe('--seed needs a value (one starting with "-" is written --seed=-…)');
    expect(err(['--target', 'sim', '--junit'])).toBe('--junit needs a value (one starting with "-" is written --junit=-…)');
    expect(err(['--target', 'sim', '--list=yes'])).toBe('--list takes no value');
    expect(err(['--target', 'sim', '--report', 'r.txt'])).toBe('--report: "r.txt" must be a .html file name');
    expect(err(['--target', 'sim', '--colour'])).toMatch(/^unknown option "--colour"; options: --target, --help, --list, /);
    expect(err(['--target', 'sim', '--dmax', '2010'])).toBe('--dmax: must be a multiple of 50 in 250..2500 (µm)');
    expect(err(['--target', 'pty', '--rmin', '140', '--rmax', '120'])).toBe('--rmin: must not exceed rmax (120)');
    expect(err(['--target', '/dev/ttyACM0', '--dmax', '2000'])).toBe('--dmin/--dmax/--rmin/--rmax/--tmax: only with --target sim or pty (a real pen reports its own limits in INFO)');
    expect(err(['--target', 'sim', '--baud', '9600'])).toMatch(/^--baud: not used with --target sim/);
    expect(err(['--target', 'pty', '--sim-clock', 'wall'])).toBe('--sim-clock: "wall" is not real or sim');
    expect(err(['--target', 'sim', '--sim-clock', 'sim'])).toBe('--sim-clock: only with --target pty (the in-process simulator runs on compressed time)');
    expect(err(['--target', 'sim', '--operator'])).toBe('--operator: the in-process simulator has nobody at its bench; use --target pty or a serial path');
  });

  it('never takes the engineering key on the command line: PENBENCH_ENG_KEY or a file only its owner can read', () => {
    expect(parseHilArgs(['--target', '/dev/ttyACM0', '--eng-key', 'AB01'])).toEqual({
      ok: false, error: `--eng-key is not accepted: a key on the command line shows in ps; set ${ENG_KEY_ENV}=HEX or use --eng-key-file FILE (chmod 600)`,
    });
    expect(readEngKey({}, { [ENG_KEY_ENV]: 'AB01' })).toEqual({ ok: true, key: 'ab01' });
    expect(readEngKey({}, {})).toEqual({ ok: true, key: null });
    const file = join(dir, 'eng.key');
    writeFileSync(file, 'ABCDEF01\n');
    chmodSync(file, 0o644);
    expect(readEngKey({ engKeyFile: file }, {})).toEqual({ ok: false, error: `--eng-key-file ${file}: readable by others (mode 644); run chmod 600 ${file}` });
    chmodSync(file, 0o600);
    expect(readEngKey({ engKeyFile: file }, { [ENG_KEY_ENV]: 'AB01' })).toEqual({ ok: true, key: 'abcdef01' });
    writeFileSync(file, 'not a key');
    expect(readEngKey({ engKeyFile: file }, {})).toMatchObject({ ok: false, error: expect.stringContaining('the key must be hex bytes') });
    expect(readEngKey({ engKeyFile: join(dir, 'none') }, {})).toMatchObject({ ok: false, error: expect.stringContaining('no such file') });
  });

  it('parses soak durations', () => {
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('10')).toBeNull();
    expect(parseDuration('1d')).toBeNull();
  });

  it('--help exits 0; bad arguments, an unknown tag and a selection matching nothing exit 2 with one line', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.text).toContain('--rerun-failed FILE');
    const bad = await run(['--target', 'nowhere']);
    expect(bad).toEqual({ code: 2, text: 'hil: --target: "nowhere" is not sim, pty or a serial device path (/dev/… or COMn) (see --help)\n' });
    const tag = await run(['--list', '--tags', 'SR-99']);
    expect(tag.code).toBe(2);
    expect(tag.text).toMatch(/^hil: --tags: unknown tag "SR-99"; tags: .*SR-01.*safety/);
    const none = await run(['--target', 'sim', '--filter', 'no-such-case']);
    expect(none.code).toBe(2);
    expect(none.text).toContain('no case matches the selection');
  });

  it('an unreachable target is one line with what to do (the console\'s link advice), exit 3', async () => {
    const r = await run(['--target', join(dir, 'ttyNOPE')]);
    expect(r.code).toBe(3);
    expect(r.text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.text).toMatch(/^hil: cannot reach .*ttyNOPE: .* — The port does not exist \(any more\)\. Replug the pen and refresh the port list\.\n$/);
  });
});

describe('hil --list, --tags, --rerun-failed, --shuffle', () => {
  it('--list shows every case with its SR ids, tags and needs, without a target', async () => {
    const r = await run(['--list']);
    expect(r.code).toBe(0);
    const lines = r.text.split('\n');
    expect(lines.find((l) => l.startsWith('SR-10.removed '))).toMatch(/SR-10 +needs: cartridge-swap +tags: sr,safety/);
    expect(lines.find((l) => l.startsWith('SC.SR-11 '))).toMatch(/SR-11 +needs: cartridge +tags: scenario,safety/);
    expect(r.text).toMatch(new RegExp(`${allCases().length} cases\\. Needs:`));
    expect(r.text).toContain('  cartridge-swap: inserting and removing cartridges: SIM_CART (sim), or --operator to do it by hand');
  });

  it('--tags keeps cases with a tag, --exclude-tags drops them', async () => {
    const r = await run(['--list', '--tags', 'SR-11', '--exclude-tags', 'scenario']);
    const ids = r.text.split('\n').filter((l) => /^\S+\s/.test(l) && !l.startsWith('  ')).map((l) => l.split(' ')[0]).filter((x) => x && /\./.test(x));
    expect(ids.length).toBeGreaterThanOrEqual(7);
    expect(ids.every((id) => id!.startsWith('SR-11.'))).toBe(true);
    const slow = await run(['--list', '--exclude-tags', 'slow']);
    expect(slow.text).not.toMatch(/^SR-09\.needle-on-limit /m);
  });

  it('--rerun-failed FILE runs exactly the cases a JUnit report says failed', async () => {
    const base = { target: 'x', features: [], startedAt: '', durationMs: 0, pen: null, suite: { version: 'v', proto: 1, schema: 'S', cases: 3 }, seed: null, notes: [] };
    const res = (id: string, status: 'pass' | 'fail' | 'skip') => ({ id, title: id, status, durationMs: 0, targetMs: 0, metrics: {}, log: [], ...(status === 'pass' ? {} : { message: 'm' }) });
    const file = join(dir, 'last.xml');
    writeFileSync(file, junitXml({ ...base, results: [res('CMD.ping', 'fail'), res('SR-01.range', 'pass'), res('ROB.garbage', 'fail'), res('SR-09.needle-on-limit', 'skip')] }));
    const r = await run(['--target', 'sim', '--rerun-failed', file]);
    expect(r.code).toBe(0);
    expect(r.text.match(/^\[ ?\d\/\d\] \w+ \S+/gm)).toEqual(['[ 1/2] PASS CMD.ping', '[ 2/2] PASS ROB.garbage']);
    writeFileSync(file, junitXml({ ...base, results: [res('CMD.ping', 'pass')] }));
    expect(await run(['--target', 'sim', '--rerun-failed', file])).toEqual({ code: 0, text: `hil: no case failed in ${file}; nothing to rerun\n` });
    writeFileSync(file, '<html></html>');
    const bad = await run(['--target', 'sim', '--rerun-failed', file]);
    expect(bad.code).toBe(2);
    expect(bad.text).toContain('not a JUnit report: the root element is <html>');
  });

  it('--shuffle --seed N runs the selection in the order N fixes, and says so', async () => {
    const sel = selectCases(allCases(), { tags: ['hs'] });
    const want = shuffled(sel, 1234).map((c) => c.id);
    const r = await run(['--target', 'sim', '--tags', 'hs', '--seed', '1234', '--json']);
    expect(r.code).toBe(0);
    expect(r.text).toContain('order shuffled with --seed 1234');
    expect((r.text.match(/^\[ ?\d\/\d\] PASS (\S+)/gm) ?? []).map((l) => l.split(' ').at(-1))).toEqual(want);
    expect(want).not.toEqual(sel.map((c) => c.id));
    const json = JSON.parse(r.text.trim().split('\n').at(-1)!) as { seed: number; passed: number; failed: number; pen: { serial: string } };
    expect(json).toMatchObject({ seed: 1234, passed: sel.length, failed: 0, pen: { serial: 'PB-SIM-0001' } });
  });
});

describe('hil reports', () => {
  it('SR-11 JUnit and HTML name the pen (serial, firmware, schema, profile hash) and the suite version; HTML sums up per SR', async () => {
    const junit = join(dir, 'sr11.xml');
    const report = join(dir, 'sr11.html');
    const r = await run(['--target', 'sim', '--tags', 'SR-11', '--junit', junit, '--report', report]);
    expect(r.code).toBe(0);
    const root = parseXml(readFileSync(junit, 'utf8'));
    const props = Object.fromEntries(findAll(findAll(root, 'testsuite')[0]!, 'property').slice(0, 20).map((p) => [p.attrs['name'], p.attrs['value']]));
    expect(props).toMatchObject({ 'pen.serial': 'PB-SIM-0001', 'pen.firmware': 'SIM-1.0', 'pen.schema': expect.stringMatching(/^[0-9A-F]{8}$/), 'pen.profile': 'DEFAULT v1' });
    expect(props['pen.profile_hash']).toMatch(/^[0-9A-F]{8}$/);
    expect(props['suite.version']).toMatch(/^0\.1\.0\+[0-9A-F]{8}$/);
    const cases = findAll(root, 'testcase');
    expect(cases.every((x) => (x.attrs['name'] ?? '').includes('SR-11'))).toBe(true);
    const lease = cases.find((x) => x.attrs['name']!.startsWith('SR-11.lease:'))!;
    const prop = findAll(lease, 'property').find((p) => p.attrs['name'] === 'last well-formed command → LEASE (device time)');
    expect(Number(prop?.attrs['value'])).toBeGreaterThanOrEqual(500);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('Summary per safety rule');
    expect(html).toContain(props['suite.version']!);
    expect(html).toContain('PB-SIM-0001');
    expect(html).toMatch(/<tr class="pass"><td><b>SR-11<\/b><\/td><td class="st">PASS<\/td><td class="num">\d+<\/td><td class="num">0<\/td>/);
    expect(html).toMatch(/<tr class="skip"><td><b>SR-01<\/b><\/td><td class="st">NOT COVERED \(no case selected\)<\/td>/);
    expect(html).not.toMatch(/<script|src="http/);
  });
});

describe('hil --soak', () => {
  it('runs pen time in compressed time and reports lost frames and heap', async () => {
    const r = await run(['--target', 'sim', '--soak', '2m']);
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/soak: 2\.0 min of pen time in \d+\.\d s of wall time/);
    expect(r.text).toMatch(/frames received \d+ \(telemetry 2400\), lost 0, undecodable 0/);
    expect(r.text).toMatch(/heap start [\d.]+ MB, end [\d.]+ MB/);
  });
});

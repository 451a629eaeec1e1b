/**
 * `npm run hil -- --target pty --shuffle --junit <tmp>/out.xml --report <tmp>/r.html`,
 * run through the CLI's main function in-process with those exact arguments:
 * the whole suite against the simulator CLI on a socat pty at 115200 baud, in
 * a random order (the seed is printed; PENBENCH_HIL_SEED replays one), on one
 * simulator reset between cases over the wire like any pen. The JUnit file
 * must parse, hold at least 100 cases naming every SR-01…SR-17, and report no
 * failure; the only skips need compressed time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SOCAT, needs } from '../support/requirements.js';
import { hilMain } from './cli-main.js';
import { findAll, parseXml, type XmlElement } from './support/mini-xml.js';

const dir = mkdtempSync(join(tmpdir(), 'penbench-hil-cli-'));
const junit = join(dir, 'out.xml');
const report = join(dir, 'report.html');
let code = -1;
let out = '';
let wallMs = 0;

describe.skipIf(!HAS_SOCAT)('npm run hil -- --target pty' + needs.socat, () => {
  beforeAll(async () => {
    const t0 = performance.now();
    const seed = process.env['PENBENCH_HIL_SEED'];
    // The simulator on its stepped clock: a busy CI machine slows the pen down rather than making it catch up in bursts.
    code = await hilMain(['--target', 'pty', '--baud', '115200', '--sim-clock', 'sim', '--shuffle', ...(seed ? ['--seed', seed] : []), '--junit', junit, '--report', report], {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        out += t;
      },
    });
    wallMs = performance.now() - t0;
    process.stdout.write(`HIL suite on a pty at 115200 baud: ${/hil: \d+ passed.*/.exec(out)?.[0] ?? '?'} — ${(wallMs / 1000).toFixed(1)} s wall time\n`);
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 with live progress per case', () => {
    expect(out).toMatch(/\[ 1\/\d+\] (PASS|SKIP) /);
    expect(out).toMatch(/order shuffled with --seed \d+/);
    expect(out, out.split('\n').filter((l) => l.includes('FAIL')).join('\n')).toMatch(/hil: \d+ passed, 0 failed/);
    expect(code).toBe(0);
  });

  it('writes JUnit XML that parses, with ≥ 100 cases naming every SR-01…SR-17, the pen and the suite version', () => {
    const root = parseXml(readFileSync(junit, 'utf8'));
    expect(root.name).toBe('testsuites');
    const cases = findAll(root, 'testcase');
    expect(cases.length).toBeGreaterThanOrEqual(100);
    const props = findAll(root, 'property').map((p) => p.attrs['name']);
    for (const p of ['pen.serial', 'pen.firmware', 'pen.schema', 'pen.profile_hash', 'suite.version', 'order']) expect(props, p).toContain(p);
    expect(Number(root.attrs['tests'])).toBe(cases.length);
    expect(root.attrs['failures']).toBe('0');
    const names = cases.map((c) => c.attrs['name'] ?? '');
    for (let n = 1; n <= 17; n++) {
      const sr = `SR-${String(n).padStart(2, '0')}`;
      expect(names.some((x) => x.includes(sr)), sr).toBe(true);
    }
    const skipped = cases.filter((c) => c.children.some((x: XmlElement) => x.name === 'skipped'));
    expect(Number(root.attrs['skipped'])).toBe(skipped.length);
    for (const s of skipped) {
      const msg = s.children.find((x) => x.name === 'skipped')!.attrs['message'] ?? '';
      expect(msg, s.attrs['name']).toMatch(/^needs compressed-time/);
    }
    expect(findAll(root, 'failure')).toHaveLength(0);
  });

  it('writes a self-contained HTML report with every case', () => {
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|src="http/);
    expect(html).toContain('SR-11.lease');
    expect(html).toContain('Summary per safety rule');
  });
});

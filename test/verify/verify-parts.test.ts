/** The parts of the adversarial search: spoiled lines, the oracle's reading of a line, the shrinker, the CLI's arguments. */
import { describe, expect, it } from 'vitest';
import { decodeLine, PROTO_VERSION, SCHEMA_HASH } from '../../protocol/src/index.js';
import { BAD_FORMS, type Action, type BadForm } from './actions.js';
import { parseArgs } from './cli.js';
import { classifyLine, renewsLease } from './oracle/line-class.js';
import { authentic, recordDefect, SAMPLES } from './oracle/spec.js';
import { shrink } from './shrink.js';
import { badLine, commandLine } from './wire.js';

describe('spoiled lines', () => {
  const expected: Record<BadForm, string> = {
    'crc': 'BAD_CRC', 'no-star': 'BAD_FRAME', 'too-long': 'TOO_LONG', 'garbage': 'BAD_FRAME', 'garbage-prefix': 'ok',
    'trailing-space': 'BAD_FIELD', 'double-space': 'BAD_FIELD', 'lower-kind': 'BAD_FRAME', 'unknown-kind': 'UNKNOWN_KIND',
    'extra-key': 'BAD_FIELD', 'missing-key': 'BAD_FIELD', 'bad-value': 'BAD_FIELD', 'pen-kind': 'ok', 'empty': 'BAD_FRAME',
    'crlf': 'ok', 'seq-too-big': 'BAD_FRAME',
  };
  it.each(BAD_FORMS.map((f) => [f, expected[f]]))('%s decodes as %s', (form, want) => {
    const r = decodeLine(badLine(form as BadForm, 7, 'SET_DEPTH', { um: 1000 }));
    expect(r.ok ? 'ok' : r.error).toBe(want);
  });
});

describe("the oracle's reading of a line (PROTOCOL.md §3, §10)", () => {
  it('a STOP with an extra key is a STOP the pen can answer, but it renews no lease', () => {
    const c = classifyLine(badLine('extra-key', 50, 'STOP', {}));
    expect(c).toMatchObject({ stop: true, seq: 50, hostCommand: false, codecRefused: true });
    expect(renewsLease(c, true)).toBe(false);
  });

  it('an unknown kind, an echoed pen frame and a bad CRC renew no lease; PING does, even before HELLO', () => {
    expect(renewsLease(classifyLine(badLine('unknown-kind', 9, 'PING', {})), true)).toBe(false);
    expect(renewsLease(classifyLine(badLine('pen-kind', 3, 'PING', {})), true)).toBe(false);
    expect(renewsLease(classifyLine(badLine('crc', 4, 'PING', {})), true)).toBe(false);
    expect(renewsLease(classifyLine(commandLine(5, 'PING', {})), false)).toBe(true);
  });

  it('a gated command renews the lease only once the gate is open; a matching HELLO always does, a mismatching one never (§10)', () => {
    const status = classifyLine(commandLine(6, 'GET_STATUS', {}));
    expect(renewsLease(status, false)).toBe(false);
    expect(renewsLease(status, true)).toBe(true);
    expect(renewsLease(classifyLine(commandLine(7, 'HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH })), false)).toBe(true);
    expect(renewsLease(classifyLine(commandLine(7, 'HELLO', { proto: PROTO_VERSION, schema: 'DEADBEEF' })), true)).toBe(false);
  });
});

describe("the oracle's own cartridge checks", () => {
  it('verifies the sample records by their MAC, recall list and seal, without the firmware', () => {
    expect(authentic(SAMPLES.get('N12-OK-01')!)).toBe(true);
    expect(recordDefect(SAMPLES.get('N12-FORGED')!)).toMatch(/MAC/);
    expect(recordDefect(SAMPLES.get('N42-TAMPERED')!)).toMatch(/MAC/);
    expect(recordDefect(SAMPLES.get('N24-RECALLED')!)).toMatch(/recalled/);
    expect(recordDefect(SAMPLES.get('N16-UNSEALED')!)).toMatch(/seal/);
  });
});

describe('the shrinker', () => {
  const raw = (line: string): Action => ({ a: 'raw', line });
  it('keeps only what the failure needs, and shortens waits', () => {
    const xs: Action[] = [raw('x1'), raw('A'), { a: 'wait', ms: 400, ping: 0 }, raw('x2'), raw('x3'), raw('B'), raw('x4')];
    // Fails when A comes before B with at least 100 ms between them; returns the steps up to B.
    const failsAt = (c: readonly Action[]): Action[] | null => {
      let ms = -1;
      for (const [i, x] of c.entries()) {
        if (x.a === 'raw' && x.line === 'A') ms = 0;
        else if (x.a === 'wait' && ms >= 0) ms += x.ms;
        else if (x.a === 'raw' && x.line === 'B' && ms >= 100) return c.slice(0, i + 1);
      }
      return null;
    };
    const r = shrink(xs, failsAt, { maxRuns: 500, deadline: Date.now() + 10_000 });
    expect(r.actions.map((x) => (x.a === 'raw' ? x.line : `wait ${x.a === 'wait' ? x.ms : ''}`))).toEqual(['A', 'wait 100', 'B']);
  });
});

describe('npm run verify arguments', () => {
  it('names a bad argument and what is allowed', () => {
    expect(parseArgs(['--minutes', 'soon'])).toMatch(/--minutes: "soon" is not a number/);
    expect(parseArgs(['--frobnicate'])).toMatch(/unknown option "--frobnicate"; allowed: --minutes N, --actions N, --seed S/);
    expect(parseArgs(['--minutes', '1', '--actions', '5'])).toMatch(/give one of them/);
    expect(parseArgs(['--minutes', '2', '--seed', '9', '--json'])).toMatchObject({ minutes: 2, seed: 9, json: true });
  });
});

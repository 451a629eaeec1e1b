/**
 * SR-15 every way the codec refuses a line, with the exact error it reports:
 * code, the key named, the seq and kind when the frame got that far (a pen
 * NAKs with them), the garbage skipped, and the detail text a bench engineer
 * reads in the console's log and a NAK's msg. One row per refusal path of
 * decodeLine, the reference body decoder, parseValue and tryEncode, plus the
 * values just inside each limit.
 */
import { describe, expect, it } from 'vitest';
import { worstMessage } from './support/catalogue-arbitraries.js';
import { CATALOGUE, KINDS, decodeBody, decodeLine, encode, frame, parseValue, tryEncode, type FieldSpec, type Kind, type Message } from '../../protocol/src/index.js';

const AREA = '1 AREA re=1 i=0 n=1 area=FACE lo=250 hi=500 cap=1000 name=';

/** [what, line given to decodeLine (framed when it is a body), expected error fields]. */
const LINE_ERRORS: [string, string, Record<string, unknown>][] = [
  ['no $', 'noise\r\n', { error: 'BAD_FRAME', detail: 'no $ in line', skipped: 5 }],
  ['frame over 200 bytes', `ab$${'A'.repeat(200)}\n`, { error: 'TOO_LONG', detail: 'frame of 201 bytes exceeds 200', skipped: 2 }],
  ['no *CRC', '$1 PING\n', { error: 'BAD_FRAME', detail: 'no *CRC at end of line', skipped: 0 }],
  ['empty body', '$*8C6F\n', { error: 'BAD_FRAME', detail: 'no *CRC at end of line', skipped: 0 }],
  ['CRC not hex', 'z$1 PING*8C6G\n', { error: 'BAD_FRAME', detail: 'CRC is not 4 upper-case hex digits', skipped: 1 }],
  ['CRC with a / (just below 0)', '$1 PING*8C6/\n', { error: 'BAD_FRAME', detail: 'CRC is not 4 upper-case hex digits', skipped: 0 }],
  ['CRC with a : (just above 9)', '$1 PING*8C6:\n', { error: 'BAD_FRAME', detail: 'CRC is not 4 upper-case hex digits', skipped: 0 }],
  ['CRC lower-case', '$1 PING*8c6f\n', { error: 'BAD_FRAME', detail: 'CRC is not 4 upper-case hex digits', skipped: 0 }],
  ['CRC wrong', 'zz$1 PING*8C6E\n', { error: 'BAD_CRC', detail: 'CRC 8C6E but body gives 8C6F', skipped: 2 }],
];

/** [what, body, expected error fields]: refusals after the CRC, from the reference decoder. */
const BODY_ERRORS: [string, string, Record<string, unknown>][] = [
  ['seq not digits', 'x PING', { error: 'BAD_FRAME', detail: 'bad seq "x"' }],
  ['seq of 6 digits', '123456 PING', { error: 'BAD_FRAME', detail: 'bad seq "123456"' }],
  ['seq with a letter', '1A PING', { error: 'BAD_FRAME', detail: 'bad seq "1A"' }],
  ['seq empty (leading space)', ' PING', { error: 'BAD_FRAME', detail: 'bad seq ""' }],
  ['seq 65535 with a bad field', '65535 SET_DEPTH zz=1', { error: 'BAD_FIELD', detail: 'zz: not a key of SET_DEPTH', seq: 65535, kind: 'SET_DEPTH', key: 'zz' }],
  ['seq above 65535', '70000 PING', { error: 'BAD_FRAME', detail: 'seq 70000 > 65535' }],
  ['no kind', '7', { error: 'BAD_FRAME', detail: 'missing or malformed kind', seq: 7 }],
  ['lower-case kind', '7 ping', { error: 'BAD_FRAME', detail: 'missing or malformed kind', seq: 7 }],
  ['kind with a lower-case tail', '7 PINGx', { error: 'BAD_FRAME', detail: 'missing or malformed kind', seq: 7 }],
  ['kind with a lower-case head', '7 xPING', { error: 'BAD_FRAME', detail: 'missing or malformed kind', seq: 7 }],
  ['kind of 17 characters', `7 ${'P'.repeat(17)}`, { error: 'BAD_FRAME', detail: 'missing or malformed kind', seq: 7 }],
  ['unknown kind', '7 FROB x=1', { error: 'UNKNOWN_KIND', detail: 'unknown kind FROB', seq: 7, kind: 'FROB' }],
  ['field without =', '7 SET_DEPTH um', { error: 'BAD_FIELD', detail: 'malformed field "um"', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['field without key', '7 SET_DEPTH =5', { error: 'BAD_FIELD', detail: 'malformed field "=5"', seq: 7, kind: 'SET_DEPTH', key: '' }],
  ['upper-case key', '7 SET_DEPTH UM=5', { error: 'BAD_FIELD', detail: 'malformed field "UM=5"', seq: 7, kind: 'SET_DEPTH', key: 'UM' }],
  ['key with an upper-case head', '7 SET_DEPTH Um=5', { error: 'BAD_FIELD', detail: 'malformed field "Um=5"', seq: 7, kind: 'SET_DEPTH', key: 'Um' }],
  ['key with an upper-case tail', '7 SET_DEPTH uM=5', { error: 'BAD_FIELD', detail: 'malformed field "uM=5"', seq: 7, kind: 'SET_DEPTH', key: 'uM' }],
  ['key of 17 characters', `7 SET_DEPTH ${'u'.repeat(17)}=5`, { error: 'BAD_FIELD', detail: `malformed field "${'u'.repeat(17)}=5"`, seq: 7, kind: 'SET_DEPTH', key: 'u'.repeat(17) }],
  ['empty value', '7 SET_DEPTH um=', { error: 'BAD_FIELD', detail: 'um: value must be 1..64 bytes', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['value of 65 bytes', `7 SET_DEPTH um=${'1'.repeat(65)}`, { error: 'BAD_FIELD', detail: 'um: value must be 1..64 bytes', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['* in a value', '7 SET_DEPTH um=1*', { error: 'BAD_FIELD', detail: 'um: forbidden byte in value', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['= in a value', '7 SET_DEPTH um=1=2', { error: 'BAD_FIELD', detail: 'um: forbidden byte in value', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['DEL in a value', '7 SET_DEPTH um=1\x7f', { error: 'BAD_FIELD', detail: 'um: forbidden byte in value', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['TAB in a value', '7 SET_DEPTH um=1\t', { error: 'BAD_FIELD', detail: 'um: forbidden byte in value', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['* in a string', `${AREA}N*`, { error: 'BAD_FIELD', detail: 'name: forbidden byte in value', seq: 1, kind: 'AREA', key: 'name' }],
  ['= in a string', `${AREA}N=`, { error: 'BAD_FIELD', detail: 'name: forbidden byte in value', seq: 1, kind: 'AREA', key: 'name' }],
  ['DEL in a string', `${AREA}N\x7f`, { error: 'BAD_FIELD', detail: 'name: forbidden byte in value', seq: 1, kind: 'AREA', key: 'name' }],
  ['control byte in a string', `${AREA}N\x01`, { error: 'BAD_FIELD', detail: 'name: forbidden byte in value', seq: 1, kind: 'AREA', key: 'name' }],
  ['empty string', AREA, { error: 'BAD_FIELD', detail: 'name: value must be 1..64 bytes', seq: 1, kind: 'AREA', key: 'name' }],
  ['string of 66 wire bytes that decodes short', `${AREA}${'%41'.repeat(22)}`, { error: 'BAD_FIELD', detail: 'name: value must be 1..64 bytes', seq: 1, kind: 'AREA', key: 'name' }],
  ['string of only % signs', `${AREA}%%`, { error: 'BAD_FIELD', detail: 'name: bad %-escape', seq: 1, kind: 'AREA', key: 'name' }],
  ['key of another kind', '7 SET_DEPTH hz=100', { error: 'BAD_FIELD', detail: 'hz: not a key of SET_DEPTH', seq: 7, kind: 'SET_DEPTH', key: 'hz' }],
  ['a key of Object.prototype', '7 SET_DEPTH constructor=1', { error: 'BAD_FIELD', detail: 'constructor: not a key of SET_DEPTH', seq: 7, kind: 'SET_DEPTH', key: 'constructor' }],
  ['key given twice', '7 SET_DEPTH um=500 um=500', { error: 'BAD_FIELD', detail: 'um: given twice', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['leading zero', '7 SET_DEPTH um=0500', { error: 'BAD_FIELD', detail: 'um: not an integer: 0500', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['64 digits', `7 SET_DEPTH um=${'1'.repeat(64)}`, { error: 'BAD_FIELD', detail: `um: not an integer: ${'1'.repeat(64)}`, seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['a lone minus sign', '7 SET_DEPTH um=-', { error: 'BAD_FIELD', detail: 'um: not an integer: -', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['int with a / (just below 0)', '7 SET_DEPTH um=1/', { error: 'BAD_FIELD', detail: 'um: not an integer: 1/', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['int with a : (just above 9)', '7 SET_DEPTH um=1:', { error: 'BAD_FIELD', detail: 'um: not an integer: 1:', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['int of 11 digits', '7 ACK re=1 t=12345678901', { error: 'BAD_FIELD', detail: 't: not an integer: 12345678901', seq: 7, kind: 'ACK', key: 't' }],
  ['int above max', '7 SET_DEPTH um=10000', { error: 'BAD_FIELD', detail: 'um: 10000 outside 0..9999', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['int below min', '7 SET_DEPTH um=-1', { error: 'BAD_FIELD', detail: 'um: -1 outside 0..9999', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
  ['enum value unknown', '7 SIM_SKIN mode=UP', { error: 'BAD_FIELD', detail: 'mode: not one of AUTO,ON,OFF', seq: 7, kind: 'SIM_SKIN', key: 'mode' }],
  ['token too long', `7 SET_AREA area=${'A'.repeat(17)}`, { error: 'BAD_FIELD', detail: 'area: longer than 16', seq: 7, kind: 'SET_AREA', key: 'area' }],
  ['token with a bad last character', '7 SET_AREA area=FACE!', { error: 'BAD_FIELD', detail: 'area: not a token [A-Z0-9_.-]', seq: 7, kind: 'SET_AREA', key: 'area' }],
  ['token lower-case', '7 SET_AREA area=face', { error: 'BAD_FIELD', detail: 'area: not a token [A-Z0-9_.-]', seq: 7, kind: 'SET_AREA', key: 'area' }],
  ['hex too short', '7 ENG_AUTH mac=ABC', { error: 'BAD_FIELD', detail: 'mac: not 16 hex digits', seq: 7, kind: 'ENG_AUTH', key: 'mac' }],
  ['hex with a / (just below 0)', '7 ENG_AUTH mac=0123456789ABCDE/', { error: 'BAD_FIELD', detail: 'mac: not upper-case hex', seq: 7, kind: 'ENG_AUTH', key: 'mac' }],
  ['hex with a : (just above 9)', '7 ENG_AUTH mac=0123456789ABCDE:', { error: 'BAD_FIELD', detail: 'mac: not upper-case hex', seq: 7, kind: 'ENG_AUTH', key: 'mac' }],
  ['hex with a G (just above F)', '7 ENG_AUTH mac=0123456789ABCDEG', { error: 'BAD_FIELD', detail: 'mac: not upper-case hex', seq: 7, kind: 'ENG_AUTH', key: 'mac' }],
  ['hex lower-case', '7 ENG_AUTH mac=0123456789abcdef', { error: 'BAD_FIELD', detail: 'mac: not upper-case hex', seq: 7, kind: 'ENG_AUTH', key: 'mac' }],
  ['bad %-escape', `${AREA}%G1`, { error: 'BAD_FIELD', detail: 'name: bad %-escape', seq: 1, kind: 'AREA', key: 'name' }],
  ['%-escape not UTF-8', `${AREA}%FF`, { error: 'BAD_FIELD', detail: 'name: bad %-escape', seq: 1, kind: 'AREA', key: 'name' }],
  ['string too long', `${AREA}${'N'.repeat(49)}`, { error: 'BAD_FIELD', detail: 'name: longer than 48', seq: 1, kind: 'AREA', key: 'name' }],
  ['required key missing', '7 SET_DEPTH', { error: 'BAD_FIELD', detail: 'um: missing', seq: 7, kind: 'SET_DEPTH', key: 'um' }],
];

/** Bodies just inside each limit above: they decode. */
const JUST_INSIDE: [string, Record<string, unknown>][] = [
  ['65535 PING', {}],
  ['0 SET_DEPTH um=9999', { um: 9999 }],
  ['0 SET_DEPTH um=0', { um: 0 }],
  [`1 SET_AREA area=${'A'.repeat(16)}`, { area: 'A'.repeat(16) }],
  ['1 ENG_AUTH mac=0123456789ABCDEF', { mac: '0123456789ABCDEF' }],
  [`${AREA}${'N'.repeat(48)}`, { re: 1, i: 0, n: 1, area: 'FACE', lo: 250, hi: 500, cap: 1000, name: 'N'.repeat(48) }],
  [`${AREA}%E2%80%94%25`, { re: 1, i: 0, n: 1, area: 'FACE', lo: 250, hi: 500, cap: 1000, name: '—%' }],
  ['3 SIM_FAULT f=STALL v=-1000000', { f: 'STALL', v: -1000000 }],
];

describe('SR-15 the codec refuses each malformed line with the exact error', () => {
  it.each(LINE_ERRORS)('SR-15 decodeLine: %s', (_what, line, want) => {
    expect(decodeLine(line)).toEqual({ ok: false, ...want });
  });

  it.each(BODY_ERRORS)('SR-15 decodeBody and decodeLine: %s', (_what, body, want) => {
    expect(decodeBody(body, 3)).toEqual({ ok: false, skipped: 3, ...want });
    expect(decodeLine(`..${frame(body)}`)).toEqual({ ok: false, skipped: 2, ...want });
  });

  it.each(JUST_INSIDE)('SR-15 just inside the limits: %s decodes', (body, fields) => {
    expect(decodeLine(frame(body))).toMatchObject({ ok: true, body, skipped: 0, msg: { fields } });
  });

  it('SR-15 a frame of exactly 200 bytes is not too long (it gets to the kind check); 201 is', () => {
    const body = `1 FROB ${'Z'.repeat(200 - 6 - 7)}`;
    expect(frame(body).length - 1).toBe(200);
    expect(decodeLine(frame(body))).toMatchObject({ ok: false, error: 'UNKNOWN_KIND', kind: 'FROB' });
    expect(decodeLine(`xx${frame(body)}`)).toMatchObject({ ok: false, error: 'UNKNOWN_KIND', skipped: 2 });
    expect(decodeLine(frame(`${body}Z`))).toMatchObject({ ok: false, error: 'TOO_LONG', detail: 'frame of 201 bytes exceeds 200' });
  });

  it('SR-15 a $ inside a body (reachable by decodeBody alone: a line restarts at its last $) is a forbidden byte', () => {
    expect(decodeBody('7 SET_DEPTH um=1$')).toEqual({ ok: false, error: 'BAD_FIELD', detail: 'um: forbidden byte in value', skipped: 0, seq: 7, kind: 'SET_DEPTH', key: 'um' });
    expect(decodeBody(`${AREA}N$`)).toEqual({ ok: false, error: 'BAD_FIELD', detail: 'name: forbidden byte in value', skipped: 0, seq: 1, kind: 'AREA', key: 'name' });
    expect(decodeLine(`$7 SET_DEPTH um=1${frame('8 PING')}`)).toMatchObject({ ok: true, skipped: 17, msg: { seq: 8, kind: 'PING' } });
  });

  it('SR-15 tryEncode refuses what would not go out as given: unknown kind, bad seq, a value the wire changes', () => {
    expect(tryEncode({ seq: 1, kind: 'FROB', fields: {} } as unknown as Message)).toEqual({ ok: false, error: 'UNKNOWN_KIND', detail: 'unknown kind FROB', skipped: 0 });
    for (const seq of [-1, 65536, 1.5]) {
      expect(tryEncode({ seq, kind: 'PING', fields: {} } as unknown as Message)).toEqual({ ok: false, error: 'BAD_FRAME', detail: `bad seq ${seq}`, skipped: 0 });
    }
    expect(tryEncode({ seq: 0, kind: 'PING', fields: {} } as unknown as Message)).toEqual({ ok: true, line: frame('0 PING') });
    expect(tryEncode({ seq: 65535, kind: 'PING', fields: {} } as unknown as Message)).toMatchObject({ ok: true });
    expect(tryEncode({ seq: 4, kind: 'SET_DEPTH', fields: { um: '500' } } as unknown as Message)).toEqual({
      ok: false, error: 'BAD_FIELD', detail: 'um: value does not survive encoding', skipped: 0, key: 'um', kind: 'SET_DEPTH', seq: 4,
    });
    expect(tryEncode({ seq: 4, kind: 'SET_DEPTH', fields: { um: 1.5 } } as unknown as Message)).toEqual({
      ok: false, error: 'BAD_FIELD', detail: 'um: not an integer: 1.5', skipped: 0, key: 'um', kind: 'SET_DEPTH', seq: 4,
    });
  });

  it('SR-15 tryEncode refuses a message of valid values whose frame would pass 200 bytes (TOO_LONG), and sends one of exactly 200', () => {
    // Every key at its longest, text as plain letters (the values tryEncode's shortcut checks without a round trip).
    const plainWorst = (kind: Kind, text: number) => {
      const m = worstMessage(kind);
      const fields = Object.fromEntries(Object.entries(m.fields).map(([k, v]) => [k, (CATALOGUE[kind].keys as Record<string, FieldSpec>)[k]!.t === 'str' ? 'A'.repeat(text) : v]));
      return { ...m, fields } as Message;
    };
    const long = KINDS.filter((k) => Object.values(CATALOGUE[k].keys as Record<string, FieldSpec>).some((f) => f.t === 'str') && encode(plainWorst(k, 48)).length - 1 > 200);
    expect(long.length).toBeGreaterThan(0);
    for (const kind of long) {
      const m = plainWorst(kind, 48);
      expect(tryEncode(m)).toEqual({ ok: false, error: 'TOO_LONG', detail: `frame of ${encode(m).length - 1} bytes exceeds 200`, skipped: 0 });
      // Shortened to exactly 200 bytes it goes out.
      const at200 = Array.from({ length: 48 }, (_, n) => plainWorst(kind, n + 1)).find((x) => encode(x).length - 1 === 200);
      if (at200) expect(tryEncode(at200)).toEqual({ ok: true, line: encode(at200) });
    }
  });

  it('SR-15 parseValue (the reference check of one value) gives the typed value inside each limit and the reason outside', () => {
    const k = <K extends keyof typeof CATALOGUE>(kind: K, key: string) => (CATALOGUE[kind].keys as Record<string, FieldSpec>)[key]!;
    const um = k('SET_DEPTH', 'um');
    expect([parseValue(um, '0'), parseValue(um, '9999'), parseValue(um, '10000'), parseValue(um, '-1')]).toEqual([{ v: 0 }, { v: 9999 }, { why: '10000 outside 0..9999' }, { why: '-1 outside 0..9999' }]);
    expect([parseValue(k('SIM_SKIN', 'mode'), 'ON'), parseValue(k('SIM_SKIN', 'mode'), 'UP')]).toEqual([{ v: 'ON' }, { why: 'not one of AUTO,ON,OFF' }]);
    const area = k('SET_AREA', 'area');
    expect([parseValue(area, 'A'.repeat(16)), parseValue(area, 'A'.repeat(17)), parseValue(area, 'FACE!')]).toEqual([{ v: 'A'.repeat(16) }, { why: 'longer than 16' }, { why: 'not a token [A-Z0-9_.-]' }]);
    expect([parseValue(k('ENG_AUTH', 'mac'), '0123456789ABCDEF'), parseValue(k('ENG_AUTH', 'mac'), '0123456789ABCDE')]).toEqual([{ v: '0123456789ABCDEF' }, { why: 'not 16 hex digits' }]);
    const name = k('AREA', 'name');
    expect([parseValue(name, 'N'.repeat(48)), parseValue(name, 'N'.repeat(49)), parseValue(name, '%E2%80%94'), parseValue(name, '%E2')])
      .toEqual([{ v: 'N'.repeat(48) }, { why: 'longer than 48' }, { v: '—' }, { why: 'bad %-escape' }]);
  });
});

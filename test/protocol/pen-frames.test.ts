/** The pen's frame helpers: a NAK's free-text msg cut to fit one value, frames that shed only an over-long msg. */
import { describe, expect, it } from 'vitest';
import { decodeLine, pctEncode } from '../../protocol/src/index.js';
import { encodeFitting, encodeNak, nakMsg } from '../../protocol/src/pen/pen-frames.js';

describe('pen frames', () => {
  it('nakMsg keeps a short text, cuts a long one to the 64 wire bytes of a value, and never sends an empty value', () => {
    expect(nakMsg('SET_DEPTH needs READY')).toBe('SET_DEPTH needs READY');
    expect(nakMsg('x'.repeat(100))).toBe('x'.repeat(64));
    // Each é is 6 bytes %-encoded: ten of them fill 60 bytes, an eleventh would not fit.
    const cut = nakMsg('é'.repeat(40));
    expect(cut).toBe('é'.repeat(10));
    expect(pctEncode(cut).length).toBeLessThanOrEqual(64);
    expect(nakMsg('')).toBe('-');
  });

  it('encodeNak drops extra keys that do not encode and still answers with re and code', () => {
    const line = encodeNak(7, 3, 'VERSION', { proto: 1, schema: 'not hex' });
    const r = decodeLine(line);
    expect(r.ok && r.msg).toMatchObject({ seq: 7, kind: 'NAK', fields: { re: 3, code: 'VERSION' } });
    expect(r.ok && r.msg.fields).not.toHaveProperty('schema');
  });

  it('SR-15 encodeFitting sheds a msg only when the line is too long; a msg that is itself invalid is an error, not silently dropped', () => {
    const bad = encodeFitting(1, 'EVT', { ev: 'SKIN', t: 5, on: 1, msg: 'x'.repeat(65) });
    expect(bad.ok).toBe(false);
    const fine = encodeFitting(2, 'EVT', { ev: 'SKIN', t: 5, on: 1, msg: 'ok' });
    expect(fine.ok && decodeLine(fine.line)).toMatchObject({ ok: true, msg: { fields: { msg: 'ok' } } });
  });
});

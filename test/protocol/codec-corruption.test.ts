/**
 * Every single-byte corruption of valid lines (each position × every byte
 * value 0..255) is rejected: it never decodes to a different message.
 */
import { describe, expect, it } from 'vitest';
import { SCHEMA_HASH, decodeLine, encode, type Message } from '../../protocol/src/index.js';

const samples: Message[] = [
  { seq: 17, kind: 'SET_DEPTH', fields: { um: 1500 } },
  { seq: 204, kind: 'ACK', fields: { re: 17 } },
  { seq: 0, kind: 'HELLO', fields: { proto: 1, schema: SCHEMA_HASH } },
  { seq: 7, kind: 'TLM', fields: { t: 123456, s: 'RUN', d: 1500, m: 1492, r: 119, n: 48210, p: 2, c: 312, b: 87 } },
  { seq: 9, kind: 'EVT', fields: { ev: 'FAULT', t: 2000, st: 'FAULT', code: 'DEPTH_TOLERANCE', msg: 'off by 180 um' } },
  { seq: 65535, kind: 'NAK', fields: { re: 65535, code: 'DEPTH_AREA_LIMIT', max: 750 } },
];

describe('single-byte corruption', () => {
  it.each(samples.map((m) => [encode(m).trimEnd(), m] as const))('of %s is never decoded as another message', (line, msg) => {
    let tried = 0;
    let rejected = 0;
    let sameMeaning = 0;
    const framed = line + '\n';
    // Every byte of the frame, CRC digits included; the LF is the delimiter the splitter consumed.
    for (let pos = 0; pos < line.length; pos++) {
      for (let b = 0; b < 256; b++) {
        if (b === line.charCodeAt(pos)) continue;
        const bad = framed.slice(0, pos) + String.fromCharCode(b) + framed.slice(pos + 1);
        tried++;
        const r = decodeLine(bad);
        if (!r.ok) {
          rejected++;
          continue;
        }
        // The only corruptions that may still decode are those that do not touch the frame
        // (bytes before `$` are garbage by definition): the message must be identical.
        expect(r.msg, `pos ${pos} byte ${b}: ${JSON.stringify(bad)}`).toEqual(msg);
        sameMeaning++;
      }
    }
    expect(tried).toBe(line.length * 255);
    // Position 0 is the `$`: replacing it leaves no frame at all, so everything is rejected.
    expect(sameMeaning).toBe(0);
    expect(rejected).toBe(tried);
  });
});

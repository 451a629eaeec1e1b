/** SR-15 as a property: whatever bytes arrive, only a valid host command ever reaches the firmware handler. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS, PenLink, PROTO_VERSION, SCHEMA_HASH, decodeLine, encode, specOf, type HostMessage } from '../../protocol/src/index.js';
import { messageArbitrary } from './support/catalogue-arbitraries.js';

const hostKinds = KINDS.filter((k) => specOf(k)?.dir === 'host');

/** Valid commands, valid commands with one byte changed, and arbitrary text. */
const lineArb = fc.oneof(
  fc.oneof(...hostKinds.map((k) => messageArbitrary(k))).map((m) => encode(m)),
  fc.tuple(fc.oneof(...KINDS.map((k) => messageArbitrary(k))), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([m, pos, b]) => {
    const l = encode(m);
    const i = pos % (l.length - 1);
    return l.slice(0, i) + String.fromCharCode(b) + l.slice(i + 1);
  }),
  fc.string({ unit: 'binary-ascii', maxLength: 220 }),
);

describe('PenLink property (SR-15)', () => {
  it('SR-15 SR-16: a line reaches the handler only if it decodes to a host command (or is a CRC-valid STOP); everything else is dropped or NAKed', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const handled: HostMessage[] = [];
        const sent: string[] = [];
        const link = new PenLink({
          send: (l) => sent.push(l),
          handle: (m) => {
            handled.push(m);
            return m.kind === 'HELLO' ? { kind: 'INFO', fields: {} } : { kind: 'ACK', fields: {} };
          },
        });
        link.receiveLine(encode({ seq: 0, kind: 'HELLO', fields: { proto: PROTO_VERSION, schema: SCHEMA_HASH } }));
        const expected: string[] = [];
        for (const line of lines) {
          const before = handled.length;
          link.receiveLine(line);
          const r = decodeLine(line);
          // SR-16: a CRC-valid STOP reaches the handler (as a bare STOP) even with malformed fields.
          const isStop = !r.ok && r.error === 'BAD_FIELD' && r.kind === 'STOP';
          const isCommand = (r.ok && specOf(r.msg.kind)?.dir === 'host') || isStop;
          if (!isCommand) expect(handled.length, JSON.stringify(line)).toBe(before);
          if (handled.length > before) {
            expect(isCommand).toBe(true);
            expected.push(r.ok ? r.body : 'STOP');
          }
        }
        // Every pen answer is itself a valid frame of the wire format.
        for (const s of sent) expect(decodeLine(s).ok, s).toBe(true);
        expect(handled.slice(1).length).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });
});

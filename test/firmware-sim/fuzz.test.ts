/**
 * Fuzz: ≥ 100,000 random and mutated lines fed straight into the pen core
 * (no transport). No line may crash it, and no line that is not a valid
 * command may change the statechart's state (SR-15).
 */
import { describe, expect, it } from 'vitest';
import { decodeLine, encode, frame, PROTO_VERSION, SCHEMA_HASH, type Message } from '../../protocol/src/index.js';
import { Rng } from '../../firmware-sim/src/physics/rng.js';
import { Harness } from './support/harness.js';

const LINES = process.env['PENBENCH_LONG'] === '1' ? 1_000_000 : 100_000;

const SEEDS: Array<[string, Record<string, unknown>]> = [
  ['SET_DEPTH', { um: 1000 }], ['SET_RATE', { hz: 120 }], ['SET_AREA', { area: 'CHEEK' }], ['START', {}], ['STOP', {}],
  ['CLEAR_FAULT', {}], ['TLM_RATE', { hz: 20 }], ['GET_AREA', { i: 3 }], ['SIM_FAULT', { f: 'STALL', v: 5 }],
  ['SIM_CART', { op: 'REMOVE' }], ['ENG_AUTH', { mac: '0123456789ABCDEF' }], ['HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH }],
];
const ALPHABET = '$*= \r\n0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz%-.\x00\x7f\xff';

function mutate(line: string, rng: Rng): string {
  const body = line.replace(/\n$/, '');
  const i = rng.int(body.length);
  const ch = ALPHABET[rng.int(ALPHABET.length)]!;
  switch (rng.int(7)) {
    case 0:
      return body.slice(0, i) + ch + body.slice(i + 1); // replace a byte
    case 1:
      return body.slice(0, i) + ch + body.slice(i); // insert
    case 2:
      return body.slice(0, i) + body.slice(i + 1); // delete
    case 3:
      return body.slice(0, i); // truncate
    case 4:
      return body + body.slice(0, rng.int(body.length)); // trailing junk
    case 5: {
      // A CRC-valid frame with a mutated body: reaches kind/field validation.
      const b = body.slice(1, -5);
      const j = rng.int(b.length);
      return frame(b.slice(0, j) + ch + b.slice(j + 1)).replace(/\n$/, '');
    }
    default: {
      let s = '';
      const n = rng.int(rng.next() < 0.01 ? 400 : 60);
      for (let k = 0; k < n; k++) s += ALPHABET[rng.int(ALPHABET.length)]!;
      return s;
    }
  }
}

describe('fuzzing the pen with lines', () => {
  it(`SR-15 ${LINES} random and mutated lines: no crash, no state change from any invalid line`, () => {
    const rng = new Rng(424242);
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.eng();
    h.cmd('SET_DEPTH', { um: 1000 });
    h.cmd('START');
    let invalid = 0;
    let seq = 500;
    for (let n = 0; n < LINES; n++) {
      const [kind, fields] = SEEDS[rng.int(SEEDS.length)]!;
      const valid = encode({ seq: seq++ & 0xffff, kind, fields } as unknown as Message);
      const line = mutate(valid, rng);
      const r = decodeLine(line);
      if (r.ok) {
        // Still a valid frame after mutation: a real command; keep the pen alive and move on.
        h.pen.receiveLine(line);
        continue;
      }
      invalid++;
      const before = h.pen.machineSnapshot();
      h.pen.receiveLine(line);
      expect(h.pen.machineSnapshot()).toBe(before);
      if ((n & 1023) === 0) h.pen.advance(5);
    }
    const st = h.pen.link.stats;
    console.log(`fuzz: ${LINES} lines, ${invalid} invalid; link stats ${JSON.stringify(st)}`);
    expect(invalid).toBeGreaterThan(LINES * 0.8);
    expect(st.rxBadCrc + st.rxBadFrame + st.rxTooLong + st.rxUnknownKind + st.rxBadField).toBeGreaterThan(0);
    // Still answering.
    expect(h.cmd('PING').kind).toBe('ACK');
  }, 60_000);
});

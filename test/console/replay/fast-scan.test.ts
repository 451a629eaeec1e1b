/**
 * The byte scan of a recording's first open (fast-scan.ts) against the reader
 * that takes every line as text and decodes it with the codec: on a simulator
 * session's lines and on thousands of mutations of them (a byte changed,
 * removed or doubled, keys swapped, values out of range, escapes, CRCs), a
 * line the scan reads itself always gives exactly what the codec gives, and
 * the first open's detail equals the text reader's whole-file result.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc16, crc16Bytes, decodeLine } from '../../../protocol/src/index.js';
import {
  FAST_ACK, FAST_NONE, FAST_PING, FAST_TLM, IndexBuilder, fastRecord, readRecordingText, recordingDetail, type FastOut,
} from '../../../console/session/replay/index.js';
import { simSessionRecording } from './support/sim-session.js';

/** What the text reader makes of one record line: its direction and wire line, or null. */
function reference(raw: string): { d: string; l: string } | null {
  let got: { d: string; l: string } | null = null;
  readRecordingText(raw, (d, l) => {
    got = { d, l };
  });
  return got;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['0', '9', '-', ' ', '=', '*', '$', '"', '\\\\', 'A', 'z', 't=', ' x=1', '00', '99999999999', 'RUN', 'é', '\u0007'];

function mutate(line: string, r: () => number): string {
  const at = Math.floor(r() * line.length);
  switch (Math.floor(r() * 5)) {
    case 0:
      return line.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + line.slice(at + 1);
    case 1:
      return line.slice(0, at) + line.slice(at + 1);
    case 2:
      return line.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + line.slice(at);
    case 3: {
      // Swap two fields of the frame, keeping the CRC right: only key order differs.
      const m = /"l":"\$(\d+) (\w+) ([^*]*)\*/.exec(line);
      if (!m) return line;
      const f = m[3]!.split(' ');
      if (f.length < 2) return line;
      const i = Math.floor(r() * (f.length - 1));
      [f[i], f[i + 1]] = [f[i + 1]!, f[i]!];
      const body = `${m[1]} ${m[2]} ${f.join(' ')}`;
      const crc = crc16(body).toString(16).toUpperCase().padStart(4, '0');
      return line.replace(/"l":"\$[^"]*"/, `"l":"$${body}*${crc}"`);
    }
    default: {
      // A value changed and the CRC made right again: the codec's range checks decide.
      const m = /"l":"\$([^*"]*)\*[0-9A-F]{4}"/.exec(line);
      if (!m) return line;
      const body = m[1]!.replace(/=(-?\d+)/, () => `=${Math.floor((r() - 0.3) * 1e10)}`);
      const crc = crc16(body).toString(16).toUpperCase().padStart(4, '0');
      return line.replace(/"l":"\$[^"]*"/, `"l":"$${body}*${crc}"`);
    }
  }
}

describe('first-open byte scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-fastscan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { text } = simSessionRecording({ durationMs: 20_000, tlmHz: 200 });
  const lines = text.split('\n').filter(Boolean);

  it('crc16Bytes equals crc16 on the same ASCII', () => {
    const r = rng(3);
    for (let n = 0; n < 500; n++) {
      const s = Array.from({ length: Math.floor(r() * 90) }, () => String.fromCharCode(32 + Math.floor(r() * 95))).join('');
      expect(crc16Bytes(Buffer.from(s, 'latin1'))).toBe(crc16(s));
    }
  });

  it('a line the scan reads itself gives exactly what the codec gives, on recorded lines and their mutations', () => {
    const r = rng(42);
    const out: FastOut = { tlm: { t: 0, s: 'BOOT', d: 0, m: 0, r: 0, n: 0, p: 0, c: 0, b: 0 }, re: 0, end: 0 };
    const counts = [0, 0, 0, 0];
    let mutated = 0;
    for (let n = 0; n < 30_000; n++) {
      const base = lines[Math.floor(r() * lines.length)]!;
      const line = n % 3 === 0 ? base : mutate(n % 2 ? base : mutate(base, r), r);
      if (line !== base) mutated++;
      const bytes = Buffer.from(line, 'utf8');
      const k = fastRecord(bytes, 0, bytes.length, out);
      counts[k]!++;
      if (k === FAST_NONE) continue;
      const ref = reference(line);
      expect(ref, line).not.toBeNull();
      if (k === FAST_PING) {
        expect(ref!.d).toBe('out');
        expect(ref!.l).toMatch(/^\$\d+ PING\*[0-9A-F]{4}$/);
        continue;
      }
      expect(ref!.d, line).toBe('in');
      const dec = decodeLine(ref!.l);
      expect(dec.ok, line).toBe(true);
      if (!dec.ok) continue;
      if (k === FAST_TLM) {
        expect(dec.msg.kind).toBe('TLM');
        expect({ ...out.tlm }, line).toEqual(dec.msg.fields);
      } else if (k === FAST_ACK) {
        expect(dec.msg.kind).toBe('ACK');
        expect(out.re).toBe((dec.msg.fields as { re: number }).re);
      }
    }
    expect(mutated).toBeGreaterThan(15_000);
    // The scan does read most recorded lines itself (else it would be no faster).
    expect(counts[FAST_TLM]).toBeGreaterThan(8000);
    expect(counts[FAST_ACK]! + counts[FAST_PING]!).toBeGreaterThan(50);
  });

  it('the first open of a file with mutated lines equals the text reader\'s whole-file result', async () => {
    const r = rng(7);
    const text2 = lines.map((l, i) => (i > 0 && r() < 0.2 ? mutate(l, r) : l)).join('\n') + '\n';
    const path = join(dir, 'session-20261121T090000Z-sim.jsonl');
    writeFileSync(path, text2);
    const { loadMs: _l, ...fast } = await recordingDetail(path, 'session-20261121T090000Z-sim.jsonl', false);
    const b = new IndexBuilder();
    const stats = readRecordingText(text2, b.sink);
    expect(fast).toEqual(b.result('session-20261121T090000Z-sim.jsonl', stats).detail);
    expect(fast.decodeErrors).toBeGreaterThan(100);
  });
});

/**
 * The first open's byte scan (fast-scan.ts, fast-record.ts) gives the detail
 * the text reader gives (every line decoded with the codec) on a simulator
 * session with more than the telemetry: a fault (the link goes quiet while the
 * needle runs: LINK_LOST), a cleared fault, area changes, an acknowledged
 * SET_RATE, notes, lines that are not JSON and a tail cut short by a crash —
 * over 1 MiB, so records straddle the scan's read buffer, at several offsets,
 * with LF and with CRLF line ends. And at the bounds of every TLM and ACK
 * number the catalogue gives, the scan reads a record exactly when the codec
 * accepts it. A line too long for a recording is refused by its number past
 * the first megabyte too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE, crcHex, crc16, decodeLine } from '../../../protocol/src/index.js';
import {
  FAST_ACK, FAST_NONE, FAST_TLM, IndexBuilder, fastRecord, readRecordingText, recordingDetail, type FastOut,
} from '../../../console/session/replay/index.js';
import { simSessionRecording } from './support/sim-session.js';

const NAME = 'session-20261121T090000Z-sim.jsonl';

/** The detail as the text reader makes it. */
function referenceDetail(text: string) {
  const b = new IndexBuilder();
  const stats = readRecordingText(text, b.sink);
  return b.result(NAME, stats).detail;
}

/** A recorded line with a frame body replaced, its CRC made right. */
function withBody(line: string, body: string): string {
  return line.replace(/"l":"\$[^"]*"/, `"l":"$${body}*${crcHex(crc16(body))}"`);
}

describe('first open of a session with faults, events and a torn tail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-fastscan-detail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { text } = simSessionRecording({
    durationMs: 90_000, tlmHz: 200, quiet: [{ from: 20_000, to: 21_000 }],
    plan: [
      { at: 500, cmds: [['SET_AREA', { area: 'FOREHEAD' }], ['SET_DEPTH', { um: 500 }], ['START', {}]] },
      {
        at: 22_000,
        cmds: [['CLEAR_FAULT', {}], ['GET_STATUS', {}], ['SET_AREA', { area: 'CHEEK' }], ['SET_DEPTH', { um: 1000 }], ['SET_RATE', { hz: 100 }], ['START', {}]],
      },
      { at: 50_000, cmds: [['STOP', {}]] },
      { at: 50_200, cmds: [['SET_AREA', { area: 'ACNE_SCAR' }], ['SET_DEPTH', { um: 1500 }], ['START', {}]] },
    ],
  });
  const lines = text.split('\n').filter(Boolean);
  // Notes and lines that are not JSON among the records (one a record with a stray CR and a byte after it); the
  // end record lost and the last record cut in half.
  const body = lines.slice(0, -2).flatMap((l, i) => {
    if (i === 3000) return [l, '{"w":1795251603000,"d":"note","l":"dropped 12 bytes"}'];
    if (i === 9000) return [l, 'not json'];
    return i === 12_000 ? [`${l}\rx`] : [l];
  });
  const last = lines.at(-2)!;
  const torn = [...body, last.slice(0, Math.floor(last.length / 2))];

  for (const eol of ['\n', '\r\n']) {
    for (const shift of [0, 37, 611]) {
      it(`equals the text reader's detail (${eol === '\n' ? 'LF' : 'CRLF'}, read buffer shifted by ${shift} bytes)`, async () => {
        // A note of `shift` bytes more moves every later line against the scan's 1 MiB reads.
        const pad = `{"w":1795251600000,"d":"note","l":"${'x'.repeat(shift)}"}`;
        const t = [torn[0]!, pad, ...torn.slice(1)].join(eol);
        expect(t.length).toBeGreaterThan(2 * 1024 * 1024);
        const path = join(dir, NAME);
        writeFileSync(path, t);
        const { loadMs: _l, ...fast } = await recordingDetail(path, NAME, false);
        const ref = referenceDetail(t);
        expect(fast).toEqual(ref);
        // What the session holds, so the comparison covers it.
        expect(fast.complete).toBe(false);
        expect(fast.summary.faults.map((f) => f.code)).toEqual(['LINK_LOST']);
        expect(fast.summary.areas.map((a) => a.area)).toEqual(['FOREHEAD', 'CHEEK', 'ACNE_SCAR']);
        expect(fast.events.map((e) => e.ev)).toEqual(expect.arrayContaining(['LEASE', 'FAULT', 'FAULT_CLEAR', 'AREA', 'PASS', 'SKIN']));
        expect(fast.summary.tlmFrames).toBeGreaterThan(17_000);
        expect(fast.linesOut).toBeGreaterThan(400);
      });
    }
  }

  it('reads a whole last record without a line break after it, as the text reader does', async () => {
    for (const eol of ['', '\r']) {
      const t = [...body, last].join('\n') + eol;
      const path = join(dir, NAME);
      writeFileSync(path, t);
      const { loadMs: _l, ...fast } = await recordingDetail(path, NAME, false);
      expect(fast).toEqual(referenceDetail(t));
      const cut = referenceDetail(torn.join('\n'));
      expect(fast.linesIn + fast.linesOut).toBe(cut.linesIn + cut.linesOut + 1);
    }
  });

  it('refuses a line longer than 64 KiB after a megabyte of records, naming its number', async () => {
    const path = join(dir, NAME);
    const n = 12_345;
    writeFileSync(path, [...lines.slice(0, n - 1), `{"w":1,"d":"note","l":"${'y'.repeat(70_000)}"}`, ...lines.slice(n - 1)].join('\n'));
    await expect(recordingDetail(path, NAME, false)).rejects.toThrow(`line ${n} is longer than 65536 bytes`);
  });

  it('reads a TLM or ACK record itself exactly when the codec accepts it, at each bound of each number', () => {
    const out: FastOut = { tlm: { t: 0, s: 'BOOT', d: 0, m: 0, r: 0, n: 0, p: 0, c: 0, b: 0 }, re: 0, end: 0 };
    const tlmLine = lines.find((l) => l.includes(' TLM t='))!;
    const ackLine = lines.find((l) => / ACK re=\d+ t=\d+\*/.test(l))!;
    const cases: { line: string; key: string; value: number }[] = [];
    const bounds = (kind: 'TLM' | 'ACK', line: string) => {
      const frame = /"l":"\$([^*"]*)\*/.exec(line)![1]!;
      for (const [key, spec] of Object.entries(CATALOGUE[kind].keys)) {
        if (spec.t !== 'int') continue;
        for (const value of [spec.min - 1, spec.min, spec.max, spec.max + 1]) {
          const re = new RegExp(` ${key}=-?\\d+`);
          expect(re.test(frame), key).toBe(true);
          const changed = frame.replace(re, ` ${key}=${value}`);
          cases.push({ line: withBody(line, changed), key, value });
        }
      }
    };
    bounds('TLM', tlmLine);
    bounds('ACK', ackLine);
    expect(cases.length).toBe(4 * (8 + 2)); // TLM t d m r n p c b, ACK re t
    for (const { line, key, value } of cases) {
      const bytes = Buffer.from(line);
      const k = fastRecord(bytes, 0, bytes.length, out);
      const dec = decodeLine(/"l":"([^"]*)"/.exec(line)![1]!);
      expect(k !== FAST_NONE, `${key}=${value}: ${line}`).toBe(dec.ok);
      if (!dec.ok) continue;
      if (k === FAST_TLM) expect({ ...out.tlm }).toEqual(dec.msg.fields);
      else {
        expect(k).toBe(FAST_ACK);
        expect(out.re).toBe((dec.msg.fields as { re: number }).re);
      }
    }
  });
});

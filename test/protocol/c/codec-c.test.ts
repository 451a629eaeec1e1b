/**
 * The generated C codec (protocol/c/): current with the catalogue, and built
 * with -Wall -Wextra -Werror -std=c99 -pedantic under AddressSanitizer and
 * UndefinedBehaviorSanitizer, it decodes every golden vector to its stated
 * meaning or error, rejects every single-byte corruption of the valid ones,
 * agrees with the TypeScript codec on random and mutated lines, and survives
 * a libFuzzer run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS, crc16, crcHex, decodeLine, encode, type DecodeResult, type Message } from '../../../protocol/src/index.js';
import { C_FILES, cFilePath, generateC } from '../../../protocol/node/gen-c.js';
import { make } from '../../support/c-build.js';
import { HAS_CLANG_FUZZER, HAS_GCC, needs } from '../../support/requirements.js';
import { messageArbitrary } from '../support/catalogue-arbitraries.js';
import { cCorrupt, cDecode, cStream, codecBin, type CResult } from './support/c-codec.js';
import { Rng } from '../../../firmware-sim/src/physics/rng.js';

interface ValidVector { name: string; line: string; seq: number; kind: string; fields: Record<string, number | string>; skipped?: number }
interface InvalidVector { name: string; line: string; error: string; key?: string; seq?: number; kind?: string }
const golden = JSON.parse(readFileSync(new URL('../golden-vectors.json', import.meta.url), 'utf8')) as { valid: ValidVector[]; invalid: InvalidVector[] };

/** The TypeScript codec's result in the driver's terms. */
function tsResult(line: string): CResult {
  const r: DecodeResult = decodeLine(line);
  if (r.ok) return { ok: true, seq: r.msg.seq, kind: r.msg.kind, skipped: r.skipped, body: r.body, fields: r.msg.fields as Record<string, number | string>, encoded: encode(r.msg) };
  const e: CResult = { ok: false, error: r.error, skipped: r.skipped, why: '' };
  if (r.seq !== undefined) e.seq = r.seq;
  if (r.kind !== undefined) e.kind = r.kind;
  if (r.key !== undefined) e.key = r.key;
  return e;
}

/** Drop the free-text reason, which the two codecs word differently. */
function comparable(r: CResult): Omit<CResult, 'why'> {
  const { why: _why, ...rest } = r as CResult & { why?: string };
  return rest;
}


const SPECIAL = ' =$*%\r\n\t-_.0123456789AZaz~\x00\x7f\x80\xc3\xa9\xff';

/** Mutate a valid line: replace, insert, delete or duplicate bytes, then usually re-frame it with a good CRC. */
function mutate(line: string, rnd: () => number): string {
  const body = line.replace(/^\$/, '').replace(/\*[0-9A-F]{4}\r?\n?$/, '');
  let b = body;
  const ops = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(rnd() * (b.length + 1));
    const ch = rnd() < 0.5 ? SPECIAL[Math.floor(rnd() * SPECIAL.length)]! : String.fromCharCode(Math.floor(rnd() * 256));
    const op = rnd();
    if (op < 0.35) b = b.slice(0, at) + ch + b.slice(at + 1);
    else if (op < 0.6) b = b.slice(0, at) + ch + b.slice(at);
    else if (op < 0.8) b = b.slice(0, at) + b.slice(at + 1 + Math.floor(rnd() * 3));
    else {
      const from = Math.floor(rnd() * b.length);
      b = b.slice(0, at) + b.slice(from, from + 1 + Math.floor(rnd() * 12)) + b.slice(at);
    }
  }
  if (rnd() < 0.8) return `$${b}*${crcHex(crc16(b))}\n`;
  return `$${b}*${line.slice(-5, -1)}\n`;
}

describe('C codec (protocol/c)', () => {
  it('is current with the catalogue (run `npm run gen:c` if this fails)', () => {
    const files = generateC();
    for (const name of C_FILES) expect(readFileSync(cFilePath(name), 'utf8'), name).toBe(files[name]);
  });

  describe('on the host, under ASan and UBSan', () => {
    beforeAll(() => {
      if (HAS_GCC) make('test/protocol/c', ['host']);
    }, 120_000);

    it.skipIf(!HAS_GCC)('passes its unit checks (typed access, encoder validation, line assembly)' + needs.gcc, () => {
      const out = execFileSync(codecBin('codec_unit'), { encoding: 'utf8' });
      expect(out.trim()).toBe('codec_unit: 0 failure(s)');
    });

    it.skipIf(!HAS_GCC)('decodes every valid golden vector to its seq, kind, fields and skipped bytes, and re-encodes it as TypeScript does' + needs.gcc, () => {
      const results = cDecode(golden.valid.map((v) => v.line));
      golden.valid.forEach((v, i) => {
        const r = results[i]!;
        expect(r.ok, `${v.name}: ${JSON.stringify(r)}`).toBe(true);
        if (!r.ok) return;
        expect({ seq: r.seq, kind: r.kind, fields: r.fields, skipped: r.skipped }, v.name).toEqual({ seq: v.seq, kind: v.kind, fields: v.fields, skipped: v.skipped ?? 0 });
        expect(r.encoded, v.name).toBe(encode({ seq: v.seq, kind: v.kind, fields: v.fields } as unknown as Message));
      });
    });

    it.skipIf(!HAS_GCC)('rejects every invalid golden vector with its error, key, seq and kind' + needs.gcc, () => {
      const results = cDecode(golden.invalid.map((v) => v.line));
      golden.invalid.forEach((v, i) => {
        const r = results[i]!;
        expect(r.ok, v.name).toBe(false);
        if (r.ok) return;
        expect(r.error, `${v.name}: ${r.why}`).toBe(v.error);
        if (v.error === 'BAD_FIELD') expect(r.key, v.name).toBe(v.key);
        if (v.seq !== undefined) expect(r.seq, v.name).toBe(v.seq);
        if (v.kind !== undefined) expect(r.kind, v.name).toBe(v.kind);
      });
    });

    it.skipIf(!HAS_GCC)('assembles the golden vectors from one byte stream: each valid line is a frame with the same meaning' + needs.gcc, () => {
      const stream = golden.valid.map((v) => (v.line.endsWith('\n') ? v.line : v.line + '\n')).join('') + '\n\r\nnoise without a dollar\n';
      const [lines] = cStream([stream]);
      expect(lines!.slice(-3).map((l) => l.asm)).toEqual(['EMPTY', 'EMPTY', 'NO_FRAME']);
      const frames = lines!.filter((l) => l.asm === 'FRAME');
      expect(frames).toHaveLength(golden.valid.length);
      frames.forEach((f, i) => {
        const v = golden.valid[i]!;
        expect(f.asm === 'FRAME' && f.asmSkipped, v.name).toBe(v.skipped ?? 0);
        expect(f.asm === 'FRAME' && f.result.ok && f.result.fields, v.name).toEqual(v.fields);
      });
    });

    it.skipIf(!HAS_GCC)('rejects every single-byte corruption of every valid golden vector (each byte × 255 values), never decoding another message' + needs.gcc, () => {
      const results = cCorrupt(golden.valid.map((v) => v.line));
      let tried = 0;
      golden.valid.forEach((v, i) => {
        const r = results[i]!;
        const bytes = v.line.endsWith('\n') ? v.line.length - 1 : v.line.length;
        expect(r.tried, v.name).toBe(bytes * 255);
        expect(r.different, `${v.name}: ${JSON.stringify(r.example)}`).toBe(0);
        // Only bytes outside the frame (garbage before its '$') may change and still decode, to the same message.
        if (!v.skipped) expect(r.same, v.name).toBeLessThanOrEqual(r.tried - r.rejected);
        tried += r.tried;
      });
      expect(tried).toBeGreaterThan(600_000);
    });

    it.skipIf(!HAS_GCC)('agrees with the TypeScript codec on 6 200 random messages of every kind (decode and encode)' + needs.gcc, () => {
      const msgs = KINDS.flatMap((k, i) => fc.sample(messageArbitrary(k), { numRuns: 200, seed: 1000 + i }));
      const lines = msgs.map((m) => encode(m));
      const results = cDecode(lines);
      results.forEach((r, i) => expect(comparable(r), lines[i]).toEqual(comparable(tsResult(lines[i]!))));
    });

    it.skipIf(!HAS_GCC)('agrees with the TypeScript codec on 30 000 mutated lines (same error, key, seq, kind; same message)' + needs.gcc, () => {
      // Seeded, so a failing mutated line can be reproduced.
      const rng = new Rng(17);
      const rnd = () => rng.next();
      const seeds = golden.valid.map((v) => v.line).filter((l) => /^\$\d/.test(l) && l.endsWith('\n'));
      const lines = Array.from({ length: 30_000 }, () => mutate(seeds[Math.floor(rnd() * seeds.length)]!, rnd));
      const results = cDecode(lines);
      const errors = new Set<string>();
      results.forEach((r, i) => {
        expect(comparable(r), JSON.stringify(lines[i])).toEqual(comparable(tsResult(lines[i]!)));
        errors.add(r.ok ? 'OK' : r.error);
      });
      // The mutations reach every outcome, so the comparison covers every error path.
      expect([...errors].sort()).toEqual(['BAD_CRC', 'BAD_FIELD', 'BAD_FRAME', 'OK', 'TOO_LONG', 'UNKNOWN_KIND'].sort());
    });
  });

  describe('under libFuzzer', () => {
    let dir = '';
    beforeAll(() => {
      if (!HAS_CLANG_FUZZER) return;
      make('test/protocol/c', [`${codecBin('fuzz_codec')}`]);
      dir = mkdtempSync(join(tmpdir(), 'penbench-fuzz-'));
      [...golden.valid, ...golden.invalid].forEach((v, i) => writeFileSync(join(dir, `seed-${i}`), Buffer.from(v.line, 'latin1')));
    }, 120_000);

    it.skipIf(!HAS_CLANG_FUZZER)('survives 1 000 000 mutated inputs from the golden vectors: no memory error, no UB, every decoded message round-trips' + needs.clangFuzzer, () => {
      try {
        const out = execFileSync(codecBin('fuzz_codec'), ['-runs=1000000', '-seed=1', '-max_len=512', `-artifact_prefix=${dir}/`, dir], {
          encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: dir,
        });
        void out;
      } catch (e) {
        const err = e as { stderr?: string };
        throw new Error(`fuzz_codec failed:\n${(err.stderr ?? '').slice(-4000)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 180_000);
  });
});

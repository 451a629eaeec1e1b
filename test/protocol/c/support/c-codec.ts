/**
 * Runs the C codec's test driver (built under ASan+UBSan) on lines and reads
 * its JSON results back in the TypeScript codec's terms, so tests can compare
 * the two codecs and the golden vectors directly.
 */
import { execFileSync } from 'node:child_process';
import { CATALOGUE, type KindSpec } from '../../../../protocol/src/index.js';
import { C_BUILD } from '../../../support/c-build.js';

/** The driver's result for one line, with str values, kind and key texts decoded back to text. */
export type CResult =
  | { ok: true; seq: number; kind: string; skipped: number; body: string; fields: Record<string, number | string>; encoded?: string; encodeError?: string }
  | { ok: false; error: string; skipped: number; seq?: number; kind?: string; key?: string; why: string };

/** Path of a codec test binary. */
export function codecBin(name: 'codec_driver' | 'codec_unit' | 'fuzz_codec' | 'codec_bench'): string {
  return `${C_BUILD}/codec/${name}`;
}

const hexOf = (s: string) => Buffer.from(s, 'latin1').toString('hex');
const latin1 = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');

function fromDriver(raw: Record<string, unknown>): CResult {
  if (raw['ok'] === true) {
    const kind = String(raw['kind']);
    const spec = CATALOGUE[kind as keyof typeof CATALOGUE] as KindSpec;
    const fields: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(raw['fields'] as Record<string, number | string>)) {
      fields[k] = spec.keys[k]?.t === 'str' ? Buffer.from(String(v), 'hex').toString('utf8') : v;
    }
    const r: CResult = { ok: true, seq: Number(raw['seq']), kind, skipped: Number(raw['skipped']), body: latin1(String(raw['body'])), fields };
    if (typeof raw['encoded'] === 'string') r.encoded = latin1(raw['encoded']);
    if (typeof raw['encodeError'] === 'string') r.encodeError = `${raw['encodeError']} ${String(raw['encodeKey'])}`;
    return r;
  }
  const r: CResult = { ok: false, error: String(raw['error']), skipped: Number(raw['skipped']), why: String(raw['why']) };
  if (typeof raw['seq'] === 'number') r.seq = raw['seq'];
  if (typeof raw['kind'] === 'string') r.kind = latin1(raw['kind']);
  if (typeof raw['key'] === 'string') r.key = latin1(raw['key']);
  return r;
}

function run(mode: string, inputs: readonly string[]): Record<string, unknown>[] {
  const out = execFileSync(codecBin('codec_driver'), [mode], {
    input: inputs.map(hexOf).join('\n') + '\n', encoding: 'utf8', maxBuffer: 256 << 20,
  });
  return out.trim().split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Decode each line (a JS string whose char codes are the bytes) with the C codec. */
export function cDecode(lines: readonly string[]): CResult[] {
  return run('decode', lines).map(fromDriver);
}

/** One line found by the C line assembler in a byte stream. */
export type CAsmResult = { asm: 'FRAME'; asmSkipped: number; result: CResult } | { asm: 'EMPTY' | 'NO_FRAME' | 'TOO_LONG' };

/** Feed each stream through the C line assembler; the lines it found, per stream. */
export function cStream(streams: readonly string[]): CAsmResult[][] {
  const all: CAsmResult[][] = [];
  let cur: CAsmResult[] = [];
  for (const raw of run('stream', streams)) {
    if (raw['end'] === true) {
      all.push(cur);
      cur = [];
    } else if (raw['asm'] === 'FRAME') {
      cur.push({ asm: 'FRAME', asmSkipped: Number(raw['asmSkipped']), result: fromDriver(raw['result'] as Record<string, unknown>) });
    } else {
      cur.push({ asm: raw['asm'] as 'EMPTY' | 'NO_FRAME' | 'TOO_LONG' });
    }
  }
  return all;
}

/** Every single-byte corruption of each valid line, counted by outcome. */
export function cCorrupt(lines: readonly string[]): { tried: number; rejected: number; same: number; different: number; example?: string }[] {
  return run('corrupt', lines).map((r) => ({
    tried: Number(r['tried']), rejected: Number(r['rejected']), same: Number(r['same']), different: Number(r['different']),
    ...(typeof r['example'] === 'string' ? { example: latin1(r['example']) } : {}),
  }));
}

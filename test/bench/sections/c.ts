/**
 * The generated C codec on the host (-O2, no sanitizers) against the
 * TypeScript codec in the same run, on the same 100 000 telemetry lines as
 * the protocol section: decode, encode, and byte stream → line assembler →
 * decode (C) against decodeLine alone (TypeScript). Also prints the
 * Cortex-M3 size and stack figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { decodeLine, encode } from '../../../protocol/src/index.js';
import { C_BUILD, make } from '../../support/c-build.js';
import { HAS_ARM_GCC, HAS_GCC } from '../../support/requirements.js';
import { armFigures } from '../../protocol/c/support/arm-figures.js';
import { codecBin } from '../../protocol/c/support/c-codec.js';
import { tlm } from './protocol.js';
import { fmt, medianOf, type BenchSection } from './section.js';

const LINES = 100_000;
const REPS = 7;

export const cSection: BenchSection = {
  name: 'c',
  async run() {
    if (!HAS_GCC) {
      console.log('c: skipped, gcc or make not installed (apt-get install -y gcc make)');
      return {};
    }
    make('test/protocol/c', ['host', ...(HAS_ARM_GCC ? ['arm'] : [])]);
    const msgs = Array.from({ length: LINES }, (_, i) => tlm(i));
    const lines = msgs.map(encode);
    const file = `${C_BUILD}/bench-tlm.txt`;
    mkdirSync(C_BUILD, { recursive: true });
    writeFileSync(file, lines.join(''), 'latin1');
    const c = JSON.parse(execFileSync(codecBin('codec_bench'), [file, String(REPS)], { encoding: 'utf8' })) as { decodeNs: number; encodeNs: number; streamDecodeNs: number };

    const tsDecodeMs = await medianOf(REPS, () => {
      const t0 = performance.now();
      for (const l of lines) if (!decodeLine(l).ok) throw new Error('TS decode failed');
      return performance.now() - t0;
    });
    const tsEncodeMs = await medianOf(REPS, () => {
      const t0 = performance.now();
      let n = 0;
      for (const m of msgs) n += encode(m).length;
      if (n === 0) throw new Error('nothing encoded');
      return performance.now() - t0;
    });
    const ns = (ms: number) => (ms * 1e6) / LINES;
    const out: Record<string, number> = {
      c_decode_ns_per_line: +c.decodeNs.toFixed(1),
      c_encode_ns_per_line: +c.encodeNs.toFixed(1),
      c_stream_decode_ns_per_line: +c.streamDecodeNs.toFixed(1),
      ts_decode_ns_per_line: +ns(tsDecodeMs).toFixed(1),
      ts_encode_ns_per_line: +ns(tsEncodeMs).toFixed(1),
    };
    out.c_decode_vs_ts_x = +(out.ts_decode_ns_per_line! / out.c_decode_ns_per_line!).toFixed(2);
    out.c_encode_vs_ts_x = +(out.ts_encode_ns_per_line! / out.c_encode_ns_per_line!).toFixed(2);
    console.log(`${fmt(LINES)} TLM lines (${fmt(lines.join('').length / LINES, 1)} B/line); C built -O2 on this host; best of ${REPS} (C) / median of ${REPS} (TypeScript)`);
    console.log(`decode   C ${fmt(c.decodeNs, 1).padStart(7)} ns/line   TypeScript ${fmt(out.ts_decode_ns_per_line!, 1).padStart(7)} ns/line   → C is ${out.c_decode_vs_ts_x}×`);
    console.log(`encode   C ${fmt(c.encodeNs, 1).padStart(7)} ns/line   TypeScript ${fmt(out.ts_encode_ns_per_line!, 1).padStart(7)} ns/line   → C is ${out.c_encode_vs_ts_x}×`);
    console.log(`C byte stream → line assembler → decode: ${fmt(c.streamDecodeNs, 1)} ns/line`);
    if (HAS_ARM_GCC) {
      const a = armFigures();
      out.c_arm_text_bytes = a.text;
      out.c_arm_data_bss_bytes = a.data + a.bss;
      out.c_arm_decode_stack_bytes = a.stack['pb_decode_line']!;
      out.c_arm_encode_stack_bytes = a.stack['pb_encode']!;
      console.log(`Cortex-M3 (-Os -mthumb): text ${a.text} B, data ${a.data} B, bss ${a.bss} B; stack decode ${a.stack['pb_decode_line']} B, encode ${a.stack['pb_encode']} B (+ newlib ${a.libCalls.join(', ')})`);
    }
    return out;
  },
};

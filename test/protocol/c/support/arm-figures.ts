/**
 * Cortex-M3 figures of the C codec (-Os -mcpu=cortex-m3 -mthumb): flash and
 * static RAM from arm-none-eabi-size, the worst stack depth of the entry
 * points from GCC's call graph with frame sizes (-fcallgraph-info=su), and
 * the caller-side struct sizes. Used by the size test and the bench.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { C_BUILD } from '../../../support/c-build.js';

/** The codec's figures on Cortex-M3. */
export interface ArmFigures {
  text: number;
  data: number;
  bss: number;
  /** Worst stack depth in bytes of each public entry point, own code only (newlib's mem and str leaf functions not counted). */
  stack: Record<string, number>;
  /** Library functions the entry points call (their stack is not in `stack`). */
  libCalls: string[];
  /** sizeof of the caller-side structures. */
  sizes: Record<string, number>;
}

const ARM = `${C_BUILD}/codec/arm`;

/** Worst stack depth from each node through the call graph (the codec has no recursion). */
function worstStacks(ci: string): { depth: (root: string) => number; lib: (root: string) => Set<string> } {
  const frame = new Map<string, number>();
  const edges = new Map<string, string[]>();
  for (const m of ci.matchAll(/node: \{ title: "([^"]+)" label: "[^"]*?\\n[^"]*?\\n(\d+) bytes/g)) frame.set(m[1]!, Number(m[2]));
  for (const m of ci.matchAll(/node: \{ title: "([^"]+)" label: "[^"]*" shape : ellipse/g)) if (!frame.has(m[1]!)) frame.set(m[1]!, -1);
  for (const m of ci.matchAll(/edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"/g)) {
    const list = edges.get(m[1]!) ?? [];
    list.push(m[2]!);
    edges.set(m[1]!, list);
  }
  const depth = (n: string, seen: Set<string> = new Set()): number => {
    if (seen.has(n)) throw new Error(`recursion through ${n}`);
    const own = frame.get(n) ?? -1;
    if (own < 0) return 0;
    const next = new Set(seen).add(n);
    return own + Math.max(0, ...(edges.get(n) ?? []).map((c) => depth(c, next)));
  };
  const lib = (n: string, acc: Set<string> = new Set()): Set<string> => {
    for (const c of edges.get(n) ?? []) {
      if ((frame.get(c) ?? -1) < 0) acc.add(c);
      else lib(c, acc);
    }
    return acc;
  };
  return { depth, lib };
}

/** Read the figures of the last `make -C test/protocol/c arm`. */
export function armFigures(): ArmFigures {
  const size = execFileSync('arm-none-eabi-size', [`${ARM}/penbench_proto.o`], { encoding: 'utf8' }).trim().split('\n')[1]!.trim().split(/\s+/).map(Number);
  const { depth, lib } = worstStacks(readFileSync(`${ARM}/penbench_proto.ci`, 'utf8'));
  const entries = ['pb_decode_line', 'pb_encode', 'pb_asm_feed', 'pb_crc16'];
  const libCalls = new Set<string>();
  for (const e of entries) for (const l of lib(e)) libCalls.add(l);
  const sizes: Record<string, number> = {};
  for (const line of execFileSync('arm-none-eabi-nm', ['-S', `${ARM}/arm_sizes.o`], { encoding: 'utf8' }).trim().split('\n')) {
    const [, len, , name] = line.split(/\s+/);
    if (name?.startsWith('size_of_')) sizes[name.slice('size_of_'.length)] = parseInt(len!, 16);
  }
  return { text: size[0]!, data: size[1]!, bss: size[2]!, stack: Object.fromEntries(entries.map((e) => [e, depth(e)])), libCalls: [...libCalls].sort(), sizes };
}

/**
 * The C codec on a Cortex-M3 (Debian's gcc-arm-none-eabi, -Os -mcpu=cortex-m3
 * -mthumb): within the budget of 8 KB of flash and 1 KB of RAM
 * (static data, the caller's structures and the deepest stack of decode or
 * encode), with no static RAM at all (re-entrant).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, make } from '../../support/c-build.js';
import { HAS_ARM_GCC, needs } from '../../support/requirements.js';
import { armFigures, type ArmFigures } from './support/arm-figures.js';

describe('C codec on Cortex-M3', () => {
  let f: ArmFigures;
  beforeAll(() => {
    if (!HAS_ARM_GCC) return;
    make('test/protocol/c', ['arm']);
    f = armFigures();
  }, 120_000);

  it.skipIf(!HAS_ARM_GCC)('fits 8 KB of flash and uses no static RAM' + needs.armGcc, () => {
    expect(f.text).toBeLessThanOrEqual(8192);
    expect(f.data + f.bss).toBe(0);
  });

  it.skipIf(!HAS_ARM_GCC)('needs under 1 KB of RAM: a message, decode details, an assembler, a line buffer and the deepest stack' + needs.armGcc, () => {
    const stack = Math.max(f.stack['pb_decode_line']!, f.stack['pb_encode']!);
    expect(stack).toBeGreaterThan(0);
    // newlib's mem*/strlen leaves on ARMv7-M push at most four registers: 16 bytes.
    const ram = f.sizes['pb_msg_t']! + f.sizes['pb_decode_info_t']! + f.sizes['pb_assembler_t']! + f.sizes['line_buffer']! + stack + 16;
    expect(ram).toBeLessThanOrEqual(1024);
    expect(f.libCalls.every((c) => ['memcmp', 'memcpy', 'memmove', 'memset', 'strlen'].includes(c)), f.libCalls.join(',')).toBe(true);
  });

  it.skipIf(!HAS_ARM_GCC)('are the figures README.md states' + needs.armGcc, () => {
    const readme = readFileSync(`${REPO_ROOT}README.md`, 'utf8');
    expect(readme).toContain(`| flash (text, tables included) | ${f.text} bytes`);
    expect(readme).toContain(`| static RAM (data + bss) | ${f.data + f.bss} bytes |`);
    expect(readme).toContain(`decode ${f.stack['pb_decode_line']} bytes, encode ${f.stack['pb_encode']} bytes`);
    const s = f.sizes;
    expect(readme).toContain(`\`pb_msg_t\` ${s['pb_msg_t']}, \`pb_decode_info_t\` ${s['pb_decode_info_t']}, \`pb_assembler_t\` ${s['pb_assembler_t']}, a line buffer ${s['line_buffer']} bytes`);
  });
});

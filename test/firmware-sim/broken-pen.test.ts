/**
 * The "broken pen" hook for negative tests (DESIGN §6) cannot reach the shipped
 * pen: nothing the CLI, the serialport binding or the package index imports
 * leads to firmware-sim/src/testing/, and the factory really breaks what it names.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBrokenPenForTests } from '../../firmware-sim/src/testing/broken-pen.js';
import { Harness } from './support/harness.js';

const SRC = resolve(fileURLToPath(new URL('../../firmware-sim/src', import.meta.url)));

/** Every source file reachable from `entry` through relative static imports. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'));
      if (target.endsWith('.ts')) visit(target);
    }
  };
  visit(entry);
  return seen;
}

describe('the broken-pen hook stays out of the shipped pen', () => {
  it.each(['cli/sim-cli.ts', 'node/sim-binding.ts', 'index.ts'])('SR-08 %s never imports firmware-sim/src/testing/', (entry) => {
    const files = [...importGraph(join(SRC, entry))];
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => f.includes('/testing/'))).toEqual([]);
  });

  it('SR-08 the test-only factory builds a pen whose named guard is replaced (a used cartridge verifies OK)', () => {
    const broken = createBrokenPenForTests({ cartridge: 'N12-REUSED', epochMs: Date.UTC(2026, 10, 21) }, { cartReused: () => false });
    broken.advance(400);
    expect(broken.snapshot().context.cart?.status).toBe('OK');
    const good = new Harness({ cartridge: 'N12-REUSED' }).ready();
    expect(good.cmd('GET_CART').fields['status']).toBe('REUSED');
  });
});

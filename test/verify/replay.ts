/**
 * Plays a printed transcript (transcript.ts) back into a pen, for regression
 * tests: advances the pen's clock 1 ms at a time to each step's time and sends
 * its line; `auth` steps answer the last CHAL nonce the pen sent (nonces are
 * random, so the MAC is computed again), `power` cuts power, `nvm` tampers with
 * the registry file. `check` steps only mark where the invariant broke.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { decodeLine, frame } from '../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../protocol/node/eng-auth.js';
import type { PenUnderTest } from './pen-under-test.js';

/** One step of a transcript. */
export type Step =
  | { t: number; line: string }
  | { t: number; auth: 'right' | 'wrong'; seq: number }
  | { t: number; power: true }
  | { t: number; nvm: 'delete' | 'empty' | 'break' }
  | { t: number; check: string };

/** Play `steps` into `pen`; `each` runs after every 1 ms step and every line (for checks). Returns the pen's output lines. */
export function replayTranscript(pen: PenUnderTest, steps: readonly Step[], opts: { serial?: string; nvmPath?: string; each?: () => void } = {}): string[] {
  const out: string[] = [];
  let nonce = '';
  const off = pen.onOutput((text) => {
    out.push(text);
    const r = decodeLine(text);
    if (r.ok && r.msg.kind === 'CHAL') nonce = String((r.msg.fields as { nonce: string }).nonce);
  });
  try {
    for (const s of steps) {
      while (pen.snapshot().t < s.t) {
        pen.advance(1);
        opts.each?.();
      }
      if ('line' in s) {
        pen.receiveLine(s.line);
      } else if ('auth' in s) {
        const mac = s.auth === 'right' ? engMac(DEFAULT_ENG_KEY_HEX, nonce, opts.serial ?? 'PB-SIM-0001') : '0123456789ABCDEF';
        pen.receiveLine(frame(`${s.seq} ENG_AUTH mac=${mac}`));
      } else if ('power' in s) {
        pen.powerCycle();
      } else if ('nvm' in s && opts.nvmPath) {
        rmSync(opts.nvmPath, { recursive: true, force: true });
        if (s.nvm === 'empty') writeFileSync(opts.nvmPath, '{"version":1,"used":{},"recalledLots":[]}\n');
        if (s.nvm === 'break') mkdirSync(opts.nvmPath);
      }
      opts.each?.();
    }
  } finally {
    off();
  }
  return out;
}


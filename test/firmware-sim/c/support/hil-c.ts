/**
 * Running the HIL conformance suite against the C pen as QA runs it against
 * any pen: its CLI main function with `--target <pty>` on a board started with
 * a factory-reset registry, the cases in a random order (`--shuffle`; the seed
 * is printed, PENBENCH_HIL_SEED replays one), the JUnit report read back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ENG_KEY_HEX } from '../../../../protocol/node/eng-auth.js';
import { startCPen, type Board } from '../../../../firmware-sim/c/tools/c-pen.js';
import { hilMain } from '../../../hil/cli-main.js';
import { ENG_KEY_ENV } from '../../../hil/cli-args.js';
import { findAll, parseXml } from '../../../hil/support/mini-xml.js';

/** One case's outcome as the JUnit file reports it. */
export interface CaseOutcome {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  message: string;
}

/** How to run the suite on a board. */
export interface BoardRun {
  /** A pen as shipped: INFO sim=0, SIM_* and ENG_* refused UNSUPPORTED, no key given to the suite (host board only). */
  production?: boolean;
  /** Sample cartridge fitted at power-up (default none). */
  cartridge?: string;
}

/** What a run printed and reported. */
export interface BoardResult {
  code: number;
  out: string;
  outcomes: CaseOutcome[];
  wallMs: number;
  /** The summary line (`hil: N passed, …`). */
  summary: string;
}

/** `npm run hil -- --target <pty> --shuffle --junit <file>` (its main function), the key in PENBENCH_ENG_KEY unless production. */
export async function hilCliOnBoard(board: Board, o: BoardRun = {}): Promise<BoardResult> {
  const dir = mkdtempSync(join(tmpdir(), `penbench-hil-${board}-`));
  const pen = await startCPen({ board, cartridge: o.cartridge ?? 'none', nvm: join(dir, 'registry.nvm'), factoryReset: true, production: o.production ?? false });
  let out = '';
  const t0 = performance.now();
  try {
    const junit = join(dir, 'out.xml');
    const seed = process.env['PENBENCH_HIL_SEED'];
    const argv = ['--target', pen.ptyPath, '--junit', junit, '--shuffle', ...(seed ? ['--seed', seed] : [])];
    const env = o.production ? {} : { [ENG_KEY_ENV]: DEFAULT_ENG_KEY_HEX };
    const code = await hilMain(argv, { out: (t) => { out += t; }, err: (t) => { out += t; } }, env);
    const outcomes = findAll(parseXml(readFileSync(junit, 'utf8')), 'testcase').map((c): CaseOutcome => {
      const failure = c.children.find((x) => x.name === 'failure');
      const skipped = c.children.find((x) => x.name === 'skipped');
      const id = (c.attrs['name'] ?? '').split(': ')[0]!;
      if (failure) return { id, status: 'fail', message: failure.text.trim() || (failure.attrs['message'] ?? '') };
      if (skipped) return { id, status: 'skip', message: skipped.attrs['message'] ?? '' };
      return { id, status: 'pass', message: '' };
    });
    return { code, out, outcomes, wallMs: performance.now() - t0, summary: /hil: \d+ passed.*/.exec(out)?.[0] ?? '?' };
  } finally {
    await pen.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

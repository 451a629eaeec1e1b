/** The shapes of a run: the pen it is made with, its options, and what it gives back. */
import type { Action } from './actions.js';
import type { InvariantId, Violation } from './oracle/invariants.js';
import type { Oracle } from './oracle/oracle.js';
import type { PenFactory } from './pen-under-test.js';

/** How a pen for one run is built. */
export interface EpisodeSpec {
  seed: number;
  /** Wall-clock time at pen time 0 (the pen's calendar). */
  epochMs: number;
  /** Sample cartridge inserted at power-on, or none. */
  cartridge: string | null;
  batteryPct: number;
  /** The registry in memory, or in a file the run may tamper with. */
  nvm: 'memory' | 'file';
}

/** One step of a transcript. */
export interface Entry {
  t: number;
  /** The line sent (for `auth`, with the MAC of this run's nonce). */
  send?: string;
  /** ENG_AUTH computed from the last CHAL nonce (right) or a wrong MAC. */
  auth?: 'right' | 'wrong';
  power?: true;
  nvm?: 'delete' | 'empty' | 'break';
  /** The pen's answer to the line, as received. */
  answer?: string;
}

/** The outcome of a run. */
export interface RunResult {
  violations: Violation[];
  /** Index in `trace` of the step during which each violation was first seen. */
  atStep: Map<InvariantId, number>;
  /**
   * What the run did as primitive steps (exact lines, ENG_AUTH with its seq, waits
   * without PINGs, power cuts, registry tampering): replaying it gives the same run,
   * and deleting a step changes no other step's line. This is what is shrunk.
   */
  trace: Action[];
  actionsRun: number;
  penMs: number;
  transcript: Entry[];
  oracle: Oracle;
  /** Pen time spent in each reported state, ms. */
  stateMs: Map<string, number>;
  nakCodes: Map<string, number>;
  faultCodes: Map<string, number>;
}

/** Options of a run. */
export interface RunOptions {
  /** Stop as soon as this invariant is broken (shrinking). */
  stopOn?: InvariantId;
  penFactory?: PenFactory;
}

/**
 * Shared types of the HIL conformance harness: a target gives each case a
 * line wire and a time base; cases speak only the protocol over it.
 */
import type { Fields } from '../../../protocol/src/index.js';
import type { CartridgeSupply } from './cartridges.js';
import type { Operator } from './operator.js';

/** Abilities a target has or lacks for the whole run. */
export type Feature =
  /** SIM_* fault injection, cartridge insertion, the operator's hand: INFO sim=1 and the engineering key. */
  | 'sim'
  /** An engineering key that opens a session on this pen (ENG_OPEN / ENG_AUTH). */
  | 'eng-key'
  /** Pen time runs only when the harness advances it (hours in seconds). */
  | 'compressed-time'
  /** A person at the bench does physical actions when asked (--operator). */
  | 'operator';

/**
 * What a case may need. Features are the target's; the others are obtained at
 * run time in more than one way (a simulator command or a person), so a case
 * needing one is skipped only when no way is open, naming the action.
 */
export type Need =
  | Feature
  /** Power the pen off and on: SIM_POWER CYCLE, or the operator switches it. */
  | 'power-cycle'
  /** A verified cartridge: the one fitted, SIM_CART, or the operator fits one. */
  | 'cartridge'
  /** Insert and remove cartridges: SIM_CART, or the operator. */
  | 'cartridge-swap'
  /** Plug the charger in and out: SIM_POWER CHARGER_ON/OFF, or the operator. */
  | 'charger';

export const NEEDS: readonly Need[] = ['sim', 'eng-key', 'compressed-time', 'operator', 'power-cycle', 'cartridge', 'cartridge-swap', 'charger'];

/** What each need is and how to provide it, for skip messages and --list. */
export const NEED_DOC: Readonly<Record<Need, string>> = {
  sim: 'SIM_* fault injection: a pen reporting sim=1, and its engineering key (PENBENCH_ENG_KEY or --eng-key-file)',
  'eng-key': 'an engineering session: the pen\'s engineering key (PENBENCH_ENG_KEY or --eng-key-file)',
  'compressed-time': 'compressed time: --target sim (the in-process simulator, whose clock the harness drives)',
  operator: 'a person at the bench: --operator',
  'power-cycle': 'power-cycling the pen: SIM_POWER CYCLE (sim), or --operator to switch it off and on by hand',
  cartridge: 'a verified cartridge: the one fitted, SIM_CART (sim), or --operator to fit one by hand',
  'cartridge-swap': 'inserting and removing cartridges: SIM_CART (sim), or --operator to do it by hand',
  charger: 'plugging the charger in and out: SIM_POWER CHARGER_ON/OFF (sim), or --operator to do it by hand',
};

/** Whether a need can be met on a target with `features` (cartridge: decided at run time). */
export function needMet(n: Need, features: ReadonlySet<Feature>): boolean {
  if (n === 'power-cycle' || n === 'cartridge-swap' || n === 'charger') return features.has('sim') || features.has('operator');
  if (n === 'cartridge') return true;
  return features.has(n);
}

/** A bidirectional line link plus the clock its timing is measured in. */
export interface HilWire {
  readonly label: string;
  /** Write one line (LF added if missing). Never throws; failures show as missing answers. */
  write(line: string): void;
  /** Subscribe to received lines (without LF); returns the unsubscribe function. */
  onLine(fn: (line: string) => void): () => void;
  /** Milliseconds in the target's time base (pen time when compressed, host monotonic time otherwise). */
  now(): number;
  /** Let `ms` of that time pass (advancing the pen when compressed). */
  sleep(ms: number): Promise<void>;
  /** Real-time wires: the longest a sleep overran since it was last set to 0 (a busy host), ms. */
  maxLagMs?: number;
  /**
   * The next host seq on this wire. Links that share a pen (reset, then a case)
   * continue the numbering, so the pen's retransmission dedupe never mistakes
   * a new command for a repeat of an earlier one with the same seq and body.
   */
  nextSeq: number;
}

/** What the run knows about the pen under test and keeps between cases. */
export interface RunState {
  /** The cartridges this run may still insert with SIM_CART. */
  readonly supply: CartridgeSupply;
  /** The pen's identity and limits (INFO) as first seen: the reports name the pen with it. */
  info: Fields<'INFO'> | null;
  /** The profile loaded when the run began; the reset loads it again if a case changed it. */
  baselineProfile: string | null;
}

/** A pen to run cases on: its wire, what it can do, and the run's state. */
export interface HilTarget {
  /** 'sim', 'pty' or the serial path. */
  readonly name: string;
  readonly features: ReadonlySet<Feature>;
  /** The engineering key (hex) when known and accepted by the pen. */
  readonly engKeyHex: string | null;
  /** Slack added to timing assertions for transport latency (0 in compressed time). */
  readonly latencyMs: number;
  /** The person at the bench, when --operator. */
  readonly operator: Operator | null;
  readonly run: RunState;
  /** What the harness found out about the target (a refused key, no engineering session), for the report. */
  readonly notes?: readonly string[];
  /** The wire of the next case (the shared pen; the runner resets it before the case). */
  openCase(): Promise<HilWire>;
  /** Done with the case's wire. */
  closeCase(wire: HilWire): Promise<void>;
  /** Tear everything down (processes, ports). */
  dispose(): Promise<void>;
}

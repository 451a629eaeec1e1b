/**
 * Shared types of the HIL conformance harness: a target gives each case a
 * line wire and a time base; cases speak only the protocol over it.
 */

/** Optional abilities a target may have; a case needing a missing one is SKIPPED with the reason. */
export type Feature =
  /** SIM_* fault injection, cartridge insertion, the operator's hand (engineering session needed). */
  | 'sim'
  /** SIM_POWER CYCLE: reboot the pen keeping its non-volatile memory. */
  | 'power-cycle'
  /** Pen time runs only when the harness advances it (hours in seconds). */
  | 'compressed-time'
  /** An engineering key is known, so ENG_OPEN/ENG_AUTH can open a session. */
  | 'eng-key';

/** Why each feature may be missing, for SKIPPED messages. */
export const FEATURE_DOC: Readonly<Record<Feature, string>> = {
  sim: 'SIM_* fault injection (a simulator, or a pen built with the engineering SIM commands)',
  'power-cycle': 'SIM_POWER CYCLE (power-cycling the pen under test)',
  'compressed-time': 'compressed time (an in-process simulator whose clock the harness drives)',
  'eng-key': 'the engineering key of the pen under test (--eng-key)',
};

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
  /**
   * The next host seq on this wire. Links that share a pen (reset, then a case)
   * continue the numbering, so the pen's retransmission dedupe never mistakes
   * a new command for a repeat of an earlier one with the same seq and body.
   */
  nextSeq: number;
}

/** What a target is and how it hands out a pen per case. */
export interface HilTarget {
  /** 'sim', 'pty' or the serial path. */
  readonly name: string;
  readonly features: ReadonlySet<Feature>;
  /** The engineering key (hex) when known. */
  readonly engKeyHex: string | null;
  /** Slack added to timing assertions for transport latency (0 in compressed time). */
  readonly latencyMs: number;
  /** A pen in factory state for one case (a fresh simulator, or the shared one reset). */
  openCase(): Promise<HilWire>;
  /** Done with the case's wire. */
  closeCase(wire: HilWire): Promise<void>;
  /** Tear everything down (processes, ports). */
  dispose(): Promise<void>;
}

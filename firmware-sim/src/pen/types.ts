/** Options, snapshot and timing constants of the simulated pen. */
import type { PenState } from '../../../protocol/src/index.js';
import type { PenLimits } from '../machine/limits.js';
import type { NvmStore } from '../nvm/store.js';
import type { SampleCartridge } from '../cartridge/samples.js';
import type { PenContext } from '../machine/context.js';

/** Options of a simulated pen. */
export interface SimPenOptions {
  /** Seed of every random choice (sensor noise, operator, nonces, TX faults); same seed + same inputs = same output. */
  seed?: number;
  /** Non-volatile memory; defaults to a fresh in-memory store (a factory-new pen). */
  nvm?: NvmStore;
  /** Key of the NVM image's MAC (default: the simulator's documented DEVICE_KEY_HEX). */
  deviceKeyHex?: string;
  serial?: string;
  engKeyHex?: string;
  /** Narrower limits than the hardware's, enforced and reported in INFO (e.g. { dmax: 2000, rmax: 140, tmax: 100 }). */
  limits?: Partial<PenLimits>;
  /**
   * Source of engineering challenge nonces (16 upper-case hex digits). Default: the operating
   * system's CSPRNG (SR-17); a test may pass a fixed one. The CLI and the binding never set it.
   */
  nonce?: () => string;
  /** Sample cartridge id inserted (seated) at power-on. */
  cartridge?: string;
  /** Wall-clock time (ms since 1970) at pen time 0: gives the date for expiry checks. Default: Date.now(). */
  epochMs?: number;
  batteryPct?: number;
  /** Where output lines go (more can be added with onOutput). */
  send?: (text: string) => void;
  /** Link overrides (tests simulate a version mismatch). */
  proto?: number;
  schema?: string;
}

/** Everything observable about the pen, for tests, benches and invariants. */
export interface PenSnapshot {
  t: number;
  state: PenState;
  value: unknown;
  context: PenContext;
  motorOn: boolean;
  extended: boolean;
  depthUm: number;
  measuredUm: number;
  trueDepthUm: number;
  /** The servo's slew-limited depth reference, µm (SR-04, SR-05). */
  refUm: number;
  rateHz: number;
  measuredHz: number;
  strokes: number;
  punctures: number;
  tempC: number;
  batteryPct: number;
  contact: boolean;
  needleOnMs: number;
  tlmHz: number;
  /** The pen's calendar, ms since 1970 (SR-07). */
  calendarMs: number;
  engOpen: boolean;
  /** Health of the non-volatile memory (SR-08). */
  nvm: { broken: boolean; writeFailing: boolean };
}

/** Boot self-test time, ms. */
export const BOOT_MS = 200;
/** Time to read and check a cartridge's record, ms. */
export const VERIFY_MS = 150;
/** SR-08: while NVM writes fail, the pen retries one this often, ms (NVM_WRITE's condition goes when one succeeds). */
export const NVM_RETRY_MS = 1000;
/** SR-11 heartbeat lease, ms. */
export const LEASE_MS = 500;
/** SR-17: an engineering session closes after this long without a well-formed host command, ms. */
export const ENG_LINK_MS = 1000;
/** SR-17: an engineering session closes after this long without an ENG_* or SIM_* command, ms. */
export const ENG_IDLE_MS = 10 * 60 * 1000;
/** SR-09 needle-on limit of a cartridge, ms. */
export const CART_LIFE_MS = 60 * 60 * 1000;
/** Physics step, ms. */
export const STEP_MS = 1;

/** The physically inserted cartridge. */
export interface Inserted {
  sample: SampleCartridge;
  seated: boolean;
  fluid: boolean;
  needleOnMs: number;
  strokesAtInsert: number;
  spentSent: boolean;
  token: number;
}

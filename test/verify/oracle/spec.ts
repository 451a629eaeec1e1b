/**
 * What the oracle knows about the pen, taken from the specification
 * (firmware-sim/docs/safety-rules.md and protocol/PROTOCOL.md), never from the
 * firmware's code: the limits are restated here on purpose, so a wrong
 * constant in the firmware is a violation rather than a shared belief. Only
 * data the pen is given from outside is read from files: the sample cartridge
 * records (what a cartridge's chip holds) and the treatment-area profiles.
 */
import { createHmac } from 'node:crypto';
import samples from '../../../firmware-sim/src/cartridge/samples.json' with { type: 'json' };
import defaultProfile from '../../../firmware-sim/src/profiles/default.json' with { type: 'json' };
import trainingProfile from '../../../firmware-sim/src/profiles/training.json' with { type: 'json' };

/** SR-01 setpoint range and step, µm. */
export const DEPTH_MIN_UM = 250;
export const DEPTH_MAX_UM = 2500;
export const DEPTH_STEP_UM = 50;
/** The hardware ceiling, µm: nothing may drive the needle deeper. */
export const CEILING_UM = 2500;
/** SR-05 tolerance (µm) and window (ms). */
export const DEPTH_TOL_UM = 150;
export const DEPTH_WINDOW_MS = 50;
/** SR-04 slew limit, µm per ms (1 mm/s). */
export const SLEW_UM_PER_MS = 1;
/** SR-06 rate range (Hz), tolerance (fraction of the setpoint) and window (ms). */
export const RATE_MIN_HZ = 50;
export const RATE_MAX_HZ = 150;
export const RATE_TOL = 0.1;
export const RATE_WINDOW_MS = 200;
/** SR-06 reference: the setpoint followed with the motor's nominal time constant (PROTOCOL.md, Faults), ms. */
export const RATE_REF_TAU_MS = 40;
/** SR-11 lease, ms. */
export const LEASE_MS = 500;
/** SR-17 session closes after this long without a well-formed host command, and after this long without an engineering command, ms. */
export const ENG_LINK_MS = 1000;
export const ENG_IDLE_MS = 10 * 60 * 1000;
/** Boot self-test and cartridge verification times, ms. */
export const BOOT_MS = 200;
export const VERIFY_MS = 150;
/** SR-09 needle-on life of a cartridge, ms. */
export const CART_LIFE_MS = 60 * 60 * 1000;
/** SR-13 limits. */
export const BATTERY_START_PCT = 10;
export const BATTERY_CRITICAL_PCT = 3;
export const TEMP_MAX_C = 43;
export const TEMP_CLEAR_C = 41;
/** Power-on settings (PROTOCOL.md, Pen behaviour). */
export const POWER_ON_DEPTH_UM = 250;
export const POWER_ON_RATE_HZ = 120;

/**
 * Faults that must survive a power cycle (PROTOCOL.md, Faults): hazards of the pen itself.
 * NVM_WRITE is left out: it latches because non-volatile memory cannot be written, so it may
 * not have been recorded there; the first fire it stopped never happened, so nothing is lost.
 */
export const HAZARD_FAULTS: ReadonlySet<string> = new Set([
  'DEPTH_TOLERANCE', 'RATE_DEVIATION', 'FLUID_INGRESS', 'OVER_TEMP', 'SELF_TEST', 'NVM_INTEGRITY',
]);

/** Kinds the handshake gate always lets through (PROTOCOL.md §6). */
export const GATE_FREE_KINDS: ReadonlySet<string> = new Set(['HELLO', 'PING', 'GET_INFO', 'STOP']);

/** The factory image of a simulated pen's registry (PROTOCOL.md, Cartridges: NVM). */
export const FACTORY_RECALLED_LOTS: readonly string[] = ['L2405-R'];
export const FACTORY_USED_IDS: readonly string[] = ['N12-REUSED'];

/** Rated max depth per cartridge type, µm (safety-rules.md, domain facts). */
export const TYPE_MAX_UM: Readonly<Record<string, number>> = { N12: 2500, N16: 2500, N24: 1500, N36: 1000, N42: 500, NANO: 250 };

/** The simulator's factory key: the ASCII bytes of this text (PROTOCOL.md, Cartridges). */
const FACTORY_KEY = Buffer.from('penbench-factory-key-sim-01', 'ascii');

/** A cartridge record as its chip holds it. */
export interface CartRecordData {
  id: string;
  lot: string;
  type: string;
  needles: number;
  max: number;
  exp: number;
  sealed: boolean;
  mac: string;
}

/** Every sample cartridge, by id. */
export const SAMPLES: ReadonlyMap<string, CartRecordData> = new Map(
  (samples.samples as CartRecordData[]).map((s) => [s.id, s]),
);

const authenticity = new WeakMap<CartRecordData, boolean>();

/** Authentic: the record's MAC is HMAC-SHA256(factory key, "id|lot|type|needles|max|exp"), first 8 bytes (PROTOCOL.md). */
export function authentic(r: CartRecordData): boolean {
  let ok = authenticity.get(r);
  if (ok === undefined) {
    const text = `${r.id}|${r.lot}|${r.type}|${r.needles}|${r.max}|${r.exp}`;
    ok = createHmac('sha256', FACTORY_KEY).update(text, 'ascii').digest('hex').slice(0, 16).toUpperCase() === r.mac;
    authenticity.set(r, ok);
  }
  return ok;
}

/** The record's own verdict at insertion, without the pen's registry: why it may never run, or null. */
export function recordDefect(r: CartRecordData): string | null {
  if (!authentic(r)) return 'not authentic (MAC)';
  if (FACTORY_RECALLED_LOTS.includes(r.lot)) return `lot ${r.lot} recalled`;
  if (!r.sealed) return 'seal broken';
  return null;
}

/** The deepest a cartridge is rated for, µm: its type's maximum (a tampered record cannot raise it). */
export function ratedMaxUm(r: CartRecordData): number {
  return Math.min(TYPE_MAX_UM[r.type] ?? 0, r.max);
}

/** YYYYMMDD (UTC) of a wall-clock time. */
export function ymdOf(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

interface ProfileRow {
  area: string;
  cap: number;
}

/** Hard caps by profile name and area id (the profile files are data the pen loads). */
export const PROFILE_CAPS: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map(
  [defaultProfile, trainingProfile].map((p) => [p.name, new Map((p.rows as ProfileRow[]).map((r) => [r.area, r.cap]))]),
);

/** The area ids of the power-on profile. */
export const AREA_IDS: readonly string[] = [...PROFILE_CAPS.get('DEFAULT')!.keys()];

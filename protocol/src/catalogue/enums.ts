/** Token sets shared by several kinds. Changing one changes the schema hash. */

/** Pen states as reported in TLM `s=` and EVT `st=` (at most 6 characters, to keep TLM within 80 bytes). */
export const PEN_STATES = [
  'BOOT', 'NOCART', 'VERIFY', 'REJECT', 'READY', 'RUN', 'STOP', 'FAULT', 'SPENT', 'LOWBAT', 'CHARGE',
] as const;
export type PenState = (typeof PEN_STATES)[number];

/** NAK reasons: why a command was refused. */
export const NAK_CODES = [
  'VERSION', 'UNKNOWN_KIND', 'BAD_ARGS', 'BAD_STATE', 'LOCKED', 'AUTH', 'UNSUPPORTED', 'BUSY',
  'DEPTH_RANGE', 'DEPTH_AREA_LIMIT', 'DEPTH_CART_LIMIT', 'RATE_RANGE', 'AREA_UNKNOWN', 'PROFILE_UNKNOWN',
  'NO_CARTRIDGE', 'CART_UNSEATED', 'CART_AUTH', 'CART_EXPIRED', 'CART_RECALLED', 'CART_REUSED',
  'CART_UNSEALED', 'CART_SPENT', 'CART_FLUID', 'FAULT_ACTIVE', 'FAULT_PRESENT', 'BATTERY_LOW', 'OVER_TEMP',
  'NO_AREA', 'TLM_RANGE',
] as const;
export type NakCode = (typeof NAK_CODES)[number];

/**
 * Latched fault codes (SR-14). The order is part of the protocol: a set of
 * faults travels as a 4-hex-digit mask whose bit i is FAULT_CODES[i]; append only.
 */
export const FAULT_CODES = [
  'DEPTH_TOLERANCE', 'RATE_DEVIATION', 'CART_REMOVED', 'CART_UNSEATED', 'FLUID_INGRESS', 'OVER_TEMP',
  'BATTERY_CRITICAL', 'LINK_LOST', 'SELF_TEST', 'NVM_WRITE', 'NVM_INTEGRITY',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

/** Boot self-test result as reported in STATUS `selftest=` (SR-14: never lost). */
export const SELF_TEST_RESULTS = ['PENDING', 'PASS', 'FAIL'] as const;
export type SelfTestResult = (typeof SELF_TEST_RESULTS)[number];

/** Cartridge verification status as reported in CART `status=`. */
export const CART_STATUS = [
  'OK', 'NONE', 'VERIFYING', 'UNSEATED', 'AUTH', 'EXPIRED', 'RECALLED', 'REUSED', 'UNSEALED', 'SPENT', 'FLUID',
] as const;
export type CartStatus = (typeof CART_STATUS)[number];

/** Cartridge types (needle count; NANO is needle-free micro-channelling). */
export const CART_TYPES = ['N12', 'N16', 'N24', 'N36', 'N42', 'NANO'] as const;
export type CartType = (typeof CART_TYPES)[number];

/** Event names carried in EVT `ev=`. */
export const EVENT_NAMES = [
  'BOOT', 'STATE', 'FAULT', 'FAULT_CLEAR', 'CART_IN', 'CART_OUT', 'CART_OK', 'CART_REJECT', 'CART_SPENT',
  'PASS', 'SKIN', 'LEASE', 'AREA', 'PROFILE', 'ENG',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Fault-injection selectors for SIM_FAULT `f=`. */
export const SIM_FAULTS = [
  'DEPTH_DRIFT', 'SERVO_STUCK', 'STALL', 'OVERLOAD', 'FLUID', 'OVERTEMP', 'BATTERY', 'SILENCE', 'GARBAGE',
  'DROP_TX', 'CORRUPT_TX', 'CLEAR', 'NVM_FAIL', 'NVM_WIPE', 'CLOCK',
] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

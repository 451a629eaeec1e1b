/** Types of the pen statechart: context, input, events and the reply it gives a command. */
import type { CartStatus, FaultCode, HostMessage, NakCode } from '../../../protocol/src/index.js';
import type { PenReply } from '../../../protocol/src/pen/pen-link.js';
import type { CartRecord } from '../cartridge/record.js';
import type { Profile } from '../profiles/profile.js';

/** The inserted cartridge as the firmware knows it. */
export interface CartSlot {
  record: CartRecord;
  status: CartStatus;
  seated: boolean;
  /** Needles fired with this cartridge since it was inserted (SR-08). */
  fired: boolean;
}

/** The non-volatile registry as seen by guards (a copy; writes go through the persist actions). */
export interface Registry {
  used: Record<string, { spent: boolean }>;
  recalledLots: string[];
}

/** Volatile state of the firmware; lost on a power cycle. */
export interface PenContext {
  serial: string;
  engKeyHex: string;
  factoryKeyHex: string;
  profile: Profile;
  depthUm: number;
  rateHz: number;
  area: string | null;
  passes: number;
  cart: CartSlot | null;
  registry: Registry;
  /** Latched faults (SR-14). */
  faults: FaultCode[];
  /** Latched faults whose condition is still present. */
  conditions: FaultCode[];
  batteryPct: number;
  charging: boolean;
  nonce: string | null;
  contactSince: number | null;
}

/** What the pen core gives the machine at power-on. */
export interface PenInput {
  serial: string;
  engKeyHex: string;
  factoryKeyHex: string;
  profile: Profile;
  registry: Registry;
  batteryPct: number;
  charging: boolean;
}

/** Host commands (after the link layer accepted them) and sensor edges. */
export type PenEvent =
  | { type: 'cmd.setDepth'; um: number }
  | { type: 'cmd.setRate'; hz: number }
  | { type: 'cmd.setArea'; area: string; /** Where the needle is now (it may still be slewing down), µm. */ depthNowUm: number }
  | { type: 'cmd.start' }
  | { type: 'cmd.stop' }
  | { type: 'cmd.clearFault' }
  | { type: 'cmd.engOpen'; nonce: string }
  | { type: 'cmd.engAuth'; mac: string }
  | { type: 'cmd.engClose' }
  | { type: 'cmd.engProfile'; name: string; profile: Profile | null }
  | { type: 'cmd.sim'; msg: HostMessage }
  | { type: 'sensor.selfTest'; ok: boolean }
  | { type: 'sensor.cartridgeIn'; record: CartRecord; seated: boolean }
  | { type: 'sensor.cartRead'; today: number }
  | { type: 'sensor.cartridgeOut' }
  | { type: 'sensor.seated'; on: boolean }
  | { type: 'sensor.fault'; code: FaultCode; present: boolean }
  | { type: 'sensor.conditionGone'; code: FaultCode }
  | { type: 'sensor.retracted' }
  | { type: 'sensor.skin'; on: boolean; t: number }
  | { type: 'sensor.battery'; pct: number }
  | { type: 'sensor.charger'; on: boolean }
  | { type: 'sensor.leaseExpired' }
  | { type: 'sensor.cartSpent' };

export type { PenReply };

/** EVT fields the machine emits (the pen core adds `t`). */
export type EvtFields = { ev: string } & Record<string, string | number>;

/** A NAK reply. */
export function nakReply(code: NakCode, extra: Record<string, string | number> = {}): PenReply {
  return { kind: 'NAK', fields: { code, ...extra } };
}

/** An ACK reply. */
export const ACK_REPLY: PenReply = { kind: 'ACK', fields: {} };

/** Minimum contact time that counts as a pass, ms. */
export const MIN_PASS_MS = 2000;
/** Hardware depth limits (SR-01), µm. */
export const DEPTH_MIN_UM = 250;
export const DEPTH_MAX_UM = 2500;
export const DEPTH_STEP_UM = 50;
/** Stroke rate limits (SR-06), Hz. */
export const RATE_MIN_HZ = 50;
export const RATE_MAX_HZ = 150;
/** Power-on settings. */
export const DEFAULT_DEPTH_UM = 250;
export const DEFAULT_RATE_HZ = 120;

/** Types of the pen statechart: context, input, events and the reply it gives a command. */
import type { CartStatus, FaultCode, HostMessage, NakCode, SelfTestResult } from '../../../protocol/src/index.js';
import type { PenReply } from '../../../protocol/src/pen/pen-link.js';
import type { CartRecord } from '../cartridge/record.js';
import type { NvmData } from '../nvm/image.js';
import type { Profile } from '../profiles/profile.js';
import type { PenLimits } from './limits.js';

export * from './limits.js';

/** The inserted cartridge as the firmware knows it. */
export interface CartSlot {
  record: CartRecord;
  status: CartStatus;
  seated: boolean;
  /** Needles fired with this cartridge since it was inserted (SR-08). */
  fired: boolean;
  /** It passed verification while inserted (SR-09: removing it then spends it). */
  verified: boolean;
}

/** The non-volatile registry as the firmware holds it in RAM (every change is written through the `persist` effect). */
export type Registry = Omit<NvmData, 'faults'>;

/** Volatile state of the firmware; lost on a power cycle (the registry and hazard faults are reloaded from NVM). */
export interface PenContext {
  serial: string;
  engKeyHex: string;
  factoryKeyHex: string;
  limits: PenLimits;
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
  /** Boot self-test result (SR-14: never lost). */
  selfTest: SelfTestResult;
  /** Why the faults latched at power-up did (an NVM problem), for their EVT FAULT. */
  faultNote: string | null;
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
  limits: PenLimits;
  profile: Profile;
  registry: Registry;
  /** Faults latched at power-up: hazard faults persisted in NVM, and an NVM problem found at boot. */
  faults: FaultCode[];
  faultNote: string | null;
  batteryPct: number;
  charging: boolean;
}

/** Why an engineering session closed without ENG_CLOSE (SR-17). */
export type EngCloseReason = 'HELLO' | 'link' | 'idle';

/** Host commands (after the link layer accepted them), sensor edges, and link facts. */
export type PenEvent =
  | { type: 'cmd.setDepth'; um: number }
  | { type: 'cmd.setRate'; hz: number }
  | { type: 'cmd.setArea'; area: string; /** Where the needle is now (it may still be slewing down), µm. */ depthNowUm: number }
  | { type: 'cmd.start'; /** The pen's calendar date YYYYMMDD (SR-07 expiry at START) and time (first fire). */ today: number; at: string }
  | { type: 'cmd.stop' }
  /** `present`: the latched faults whose condition is there when the command arrives (read live, not from the last step). */
  | { type: 'cmd.clearFault'; present: FaultCode[] }
  | { type: 'cmd.resetSettings' }
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
  | { type: 'sensor.fault'; code: FaultCode; present: boolean; msg?: string }
  | { type: 'sensor.conditionGone'; code: FaultCode }
  | { type: 'sensor.retracted' }
  | { type: 'sensor.skin'; on: boolean; t: number }
  | { type: 'sensor.battery'; pct: number }
  | { type: 'sensor.charger'; on: boolean }
  | { type: 'sensor.leaseExpired' }
  | { type: 'sensor.cartSpent'; needleOnMs: number }
  | { type: 'sensor.date'; today: number }
  | { type: 'eng.close'; reason: EngCloseReason };

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

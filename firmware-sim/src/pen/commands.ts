/** Host commands that change state, mapped to statechart events (queries are answered by the pen core directly). */
import { randomBytes } from 'node:crypto';
import type { FaultCode, HostMessage } from '../../../protocol/src/index.js';
import type { PenEvent } from '../machine/context.js';
import { STORED_PROFILES } from '../profiles/profile.js';

/** What the mapping needs from the pen at the moment the command arrives. */
export interface CommandEnv {
  /** Where the needle is now, µm (0 when retracted). */
  depthNowUm: number;
  /** The pen's calendar date YYYYMMDD and time (ISO 8601). */
  today: number;
  at: string;
  /** A fresh challenge nonce. */
  nonce(): string;
  /** Latched faults whose condition the sensors read as present right now (SR-14, CLEAR_FAULT). */
  present(): FaultCode[];
}

/** The machine event for a state-changing command, or null for a query. */
export function commandEvent(msg: HostMessage, env: CommandEnv): PenEvent | null {
  switch (msg.kind) {
    case 'SET_DEPTH':
      return { type: 'cmd.setDepth', um: msg.fields.um };
    case 'SET_RATE':
      return { type: 'cmd.setRate', hz: msg.fields.hz };
    case 'SET_AREA':
      return { type: 'cmd.setArea', area: msg.fields.area, depthNowUm: env.depthNowUm };
    case 'START':
      return { type: 'cmd.start', today: env.today, at: env.at };
    case 'STOP':
      return { type: 'cmd.stop' };
    case 'CLEAR_FAULT':
      return { type: 'cmd.clearFault', present: env.present() };
    case 'RESET_SETTINGS':
      return { type: 'cmd.resetSettings' };
    case 'ENG_OPEN':
      return { type: 'cmd.engOpen', nonce: env.nonce() };
    case 'ENG_AUTH':
      return { type: 'cmd.engAuth', mac: msg.fields.mac };
    case 'ENG_CLOSE':
      return { type: 'cmd.engClose' };
    case 'ENG_PROFILE':
      return { type: 'cmd.engProfile', name: msg.fields.name, profile: STORED_PROFILES.get(msg.fields.name) ?? null };
    case 'SIM_FAULT':
    case 'SIM_CART':
    case 'SIM_SKIN':
    case 'SIM_POWER':
      return { type: 'cmd.sim', msg };
    default:
      return null;
  }
}

/**
 * A fresh 16-hex-digit challenge nonce (ENG_OPEN → CHAL, SR-17) from the operating system's
 * CSPRNG — never from the simulator's seeded generator, so a recorded ENG_AUTH never matches
 * a later challenge.
 */
export function cryptoNonce(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

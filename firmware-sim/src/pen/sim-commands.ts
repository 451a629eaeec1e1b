/**
 * SIM_* commands (already authorised by the statechart's engineering region,
 * SR-17): they change the simulated hardware, never the firmware's state
 * directly — the firmware learns about the change through its sensors.
 */
import type { HostMessage } from '../../../protocol/src/index.js';
import type { PenReply } from '../../../protocol/src/pen/pen-link.js';
import { ACK_REPLY, nakReply } from '../machine/context.js';
import type { SkinMode } from '../physics/operator.js';

/** What SIM_* can act on (implemented by the pen core). */
export interface SimHardware {
  now(): number;
  cartInserted(): boolean;
  insertCart(id: string): boolean;
  removeCart(): void;
  setSeated(on: boolean): void;
  setServoDrift(rateUmPerS: number): void;
  setServoStuck(): void;
  setMotorFault(f: 'stall' | 'overload'): void;
  setFluid(): void;
  setHeater(extraC: number): void;
  setBattery(pct: number): void;
  setSkin(mode: SkinMode): void;
  /** Transmit impairments start after this command's ACK is sent. */
  armTx(kind: 'SILENCE' | 'GARBAGE' | 'DROP_TX' | 'CORRUPT_TX', v: number): void;
  clearInjections(): void;
  schedulePowerCycle(): void;
  setCharger(on: boolean): void;
  /** SIM_FAULT NVM_FAIL: every later NVM write fails (until CLEAR). */
  setNvmFail(on: boolean): void;
  /** SIM_FAULT NVM_WIPE: the registry is erased. */
  wipeNvm(): void;
  /** SIM_FAULT CLOCK: move the pen's calendar (not its uptime) by `s` seconds. */
  moveCalendar(s: number): void;
}

const clampPct = (v: number) => Math.max(0, Math.min(100, v));

/** Carry out one authorised SIM_* command. */
export function applySim(msg: HostMessage, hw: SimHardware): PenReply {
  switch (msg.kind) {
    case 'SIM_FAULT': {
      const v = msg.fields.v;
      switch (msg.fields.f) {
        case 'DEPTH_DRIFT':
          hw.setServoDrift(Math.abs(v ?? 2000));
          return ACK_REPLY;
        case 'SERVO_STUCK':
          hw.setServoStuck();
          return ACK_REPLY;
        case 'STALL':
          hw.setMotorFault('stall');
          return ACK_REPLY;
        case 'OVERLOAD':
          hw.setMotorFault('overload');
          return ACK_REPLY;
        case 'FLUID':
          if (!hw.cartInserted()) return nakReply('NO_CARTRIDGE', { msg: 'fluid needs a cartridge' });
          hw.setFluid();
          return ACK_REPLY;
        case 'OVERTEMP':
          // v: extra equilibrium rise in 0.1 °C (default +30 °C, well past 43 °C).
          hw.setHeater((v ?? 300) / 10);
          return ACK_REPLY;
        case 'BATTERY':
          hw.setBattery(clampPct(v ?? 5));
          return ACK_REPLY;
        case 'SILENCE':
          hw.armTx('SILENCE', Math.max(0, v ?? 1000));
          return ACK_REPLY;
        case 'GARBAGE':
          hw.armTx('GARBAGE', Math.max(0, Math.min(10_000, v ?? 64)));
          return ACK_REPLY;
        case 'DROP_TX':
          hw.armTx('DROP_TX', clampPct(v ?? 10));
          return ACK_REPLY;
        case 'CORRUPT_TX':
          hw.armTx('CORRUPT_TX', clampPct(v ?? 10));
          return ACK_REPLY;
        case 'CLEAR':
          hw.clearInjections();
          return ACK_REPLY;
        case 'NVM_FAIL':
          hw.setNvmFail(true);
          return ACK_REPLY;
        case 'NVM_WIPE':
          hw.wipeNvm();
          return ACK_REPLY;
        case 'CLOCK':
          if (v === undefined) return nakReply('BAD_ARGS', { msg: 'v: seconds to move the calendar by' });
          hw.moveCalendar(v);
          return ACK_REPLY;
      }
      return nakReply('BAD_ARGS');
    }
    case 'SIM_CART': {
      const { op, id } = msg.fields;
      if (op === 'INSERT') {
        if (id === undefined) return nakReply('BAD_ARGS', { msg: 'id: needed for INSERT' });
        if (hw.cartInserted()) return nakReply('BAD_STATE', { msg: 'SIM_CART INSERT needs an empty slot; REMOVE first' });
        return hw.insertCart(id) ? ACK_REPLY : nakReply('BAD_ARGS', { msg: `id: no sample cartridge ${id}` });
      }
      if (!hw.cartInserted()) return nakReply('NO_CARTRIDGE');
      if (op === 'REMOVE') hw.removeCart();
      else hw.setSeated(op === 'SEAT');
      return ACK_REPLY;
    }
    case 'SIM_SKIN':
      hw.setSkin(msg.fields.mode);
      return ACK_REPLY;
    case 'SIM_POWER':
      if (msg.fields.op === 'CYCLE') hw.schedulePowerCycle();
      else hw.setCharger(msg.fields.op === 'CHARGER_ON');
      return ACK_REPLY;
    default:
      return nakReply('UNSUPPORTED');
  }
}

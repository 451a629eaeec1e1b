/**
 * Named guards of the pen statechart. Each safety rule is checked here, in the
 * guard whose comment names it; the machine picks the first matching guarded
 * transition, so the order of a command's transitions is the order of checks.
 */
import { stateIn } from 'xstate';
import { engMac } from '../../../protocol/node/eng-auth.js';
import { isAuthentic, isContaminated, isExpired, isRecalled, isReused, isSpent } from '../cartridge/verify.js';
import { areaRow, HARD_CEILING_UM, type Profile } from '../profiles/profile.js';
import { BATTERY_START_MIN } from '../safety/monitor.js';
import { MIN_PASS_MS, type PenContext, type PenEvent } from './context.js';

type Args = { context: PenContext; event: PenEvent };

/** The cap of `area` in `profile`, or the hardware ceiling when there is no such row (or no area). */
export function capOf(profile: Profile, area: string | null): number {
  return areaRow(profile, area)?.cap ?? HARD_CEILING_UM;
}

/** The cap of the selected area, or the hardware ceiling when none is selected. */
export function areaCap(c: PenContext): number {
  return capOf(c.profile, c.area);
}

function um(e: PenEvent): number {
  return e.type === 'cmd.setDepth' ? e.um : NaN;
}

export const guards = {
  // SR-01: outside the pen's dmin..dmax (at most 250..2500 µm) or off its 50 µm grid is refused, never clamped.
  depthOutOfRange: ({ context, event }: Args) => {
    const v = um(event);
    const l = context.limits;
    return !(v >= l.dmin && v <= l.dmax && v % l.dstep === 0);
  },
  // SR-02: deeper than the selected area's hard cap.
  depthAboveAreaCap: ({ context, event }: Args) => um(event) > areaCap(context),
  // SR-03: deeper than the inserted cartridge's rated max.
  depthAboveCartMax: ({ context, event }: Args) => context.cart !== null && um(event) > context.cart.record.max,
  // SR-06: stroke rate outside the pen's rmin..rmax (at most 50..150 Hz).
  rateOutOfRange: ({ context, event }: Args) =>
    event.type === 'cmd.setRate' && !(event.hz >= context.limits.rmin && event.hz <= context.limits.rmax),
  areaUnknown: ({ context, event }: Args) => event.type === 'cmd.setArea' && !areaRow(context.profile, event.area),
  // SR-02: selecting an area whose cap is below the current setpoint — or below where the
  // needle still is while it slews down to a new setpoint.
  areaCapBelowSetpoint: ({ context, event }: Args) =>
    event.type === 'cmd.setArea' &&
    capOf(context.profile, event.area) < Math.max(context.depthUm, event.depthNowUm),

  charging: ({ context }: Args) => context.charging,
  // SR-13: battery below 10 % refuses START.
  batteryLow: ({ context }: Args) => context.batteryPct < BATTERY_START_MIN,
  batteryBelowStart: ({ event }: Args) => event.type === 'sensor.battery' && event.pct < BATTERY_START_MIN,
  batteryAtLeastStart: ({ event }: Args) => event.type === 'sensor.battery' && event.pct >= BATTERY_START_MIN,
  chargerOn: ({ event }: Args) => event.type === 'sensor.charger' && event.on,
  chargerOffBatteryLow: ({ context, event }: Args) =>
    event.type === 'sensor.charger' && !event.on && context.batteryPct < BATTERY_START_MIN,
  chargerOff: ({ event }: Args) => event.type === 'sensor.charger' && !event.on,

  // SR-02: START needs a selected treatment area (its hard cap bounds the depth).
  noArea: ({ context }: Args) => context.area === null,
  areaSelected: ({ context }: Args) => context.area !== null,
  // SR-14: the boot self-test must have passed before the motor may start.
  selfTestNotPassed: ({ context }: Args) => context.selfTest !== 'PASS',
  selfTestPending: ({ context }: Args) => context.selfTest === 'PENDING',
  selfTestFailed: ({ context }: Args) => context.selfTest === 'FAIL',
  hasFaults: ({ context }: Args) => context.faults.length > 0,

  // SR-07: the motor starts only with a present, verified, seated cartridge.
  noCartridge: ({ context }: Args) => context.cart === null,
  cartVerifying: ({ context }: Args) => context.cart?.status === 'VERIFYING',
  // SR-07, SR-08, SR-09, SR-12: verification refused it, or it is spent (statusNak names which).
  cartNotOk: ({ context }: Args) => context.cart !== null && context.cart.status !== 'OK',
  cartUnseated: ({ context }: Args) => context.cart !== null && !context.cart.seated,
  // SR-03: START refused while the setpoint exceeds the cartridge's max or the area's cap.
  setpointAboveCartMax: ({ context }: Args) => context.cart !== null && context.depthUm > context.cart.record.max,
  setpointAboveAreaCap: ({ context }: Args) => context.depthUm > areaCap(context),

  // SR-07 verification of a freshly read record, one guard per check.
  cartForged: ({ context }: Args) => context.cart !== null && !isAuthentic(context.cart.record, context.factoryKeyHex),
  cartExpired: ({ context, event }: Args) =>
    context.cart !== null && event.type === 'sensor.cartRead' && isExpired(context.cart.record, event.today),
  // SR-07 in date at the moment of START, and from the day it expires while inserted.
  cartExpiredNow: ({ context, event }: Args) =>
    context.cart !== null && (event.type === 'cmd.start' || event.type === 'sensor.date') && isExpired(context.cart.record, event.today),
  cartRecalled: ({ context }: Args) => context.cart !== null && isRecalled(context.cart.record, context.registry),
  // SR-12: fluid got past this cartridge's membrane once: refused for good.
  cartContaminated: ({ context }: Args) => context.cart !== null && isContaminated(context.cart.record, context.registry),
  // SR-09: spent for good (removed after verification, or 60 min needle-on) stays spent across insertions.
  cartSpentInNvm: ({ context }: Args) => context.cart !== null && isSpent(context.cart.record, context.registry),
  // SR-08: fired before and removed (or powered off) → refused for good.
  cartReused: ({ context }: Args) => context.cart !== null && isReused(context.cart.record, context.registry),
  cartUnsealed: ({ context }: Args) => context.cart !== null && !context.cart.record.sealed,

  // A fault already latched (e.g. NVM_WRITE hit again by a second write) is not announced twice.
  faultLatched: ({ context, event }: Args) => event.type === 'sensor.fault' && context.faults.includes(event.code),
  isFluidFault: ({ event }: Args) => event.type === 'sensor.fault' && event.code === 'FLUID_INGRESS',
  unseated: ({ event }: Args) => event.type === 'sensor.seated' && !event.on,
  selfTestOk: ({ event }: Args) => event.type === 'sensor.selfTest' && event.ok,

  // SR-14: a fault clears only once its condition is gone.
  faultConditionPresent: ({ context, event }: Args) =>
    context.conditions.length > 0 || (event.type === 'cmd.clearFault' && event.present.length > 0),

  skinOn: ({ event }: Args) => event.type === 'sensor.skin' && event.on,
  skinOff: ({ event }: Args) => event.type === 'sensor.skin' && !event.on,
  passCompleted: ({ context, event }: Args) =>
    event.type === 'sensor.skin' && !event.on && context.contactSince !== null && event.t - context.contactSince >= MIN_PASS_MS,

  // SR-17: the challenge answered with the MAC of nonce and serial under the engineering key.
  macValid: ({ context, event }: Args) =>
    event.type === 'cmd.engAuth' && context.nonce !== null && event.mac === engMac(context.engKeyHex, context.nonce, context.serial),
  profileUnknown: ({ event }: Args) => event.type === 'cmd.engProfile' && event.profile === null,
  // SR-02 applied to a profile change: the selected area's new cap must not be below the setpoint.
  profileCapBelowSetpoint: ({ context, event }: Args) => {
    if (event.type !== 'cmd.engProfile' || event.profile === null) return false;
    return capOf(event.profile, context.area) < context.depthUm;
  },
  isRunning: stateIn('#pen.mode.running'),
  isBooting: stateIn('#pen.mode.boot'),
};

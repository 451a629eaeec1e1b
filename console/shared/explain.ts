/**
 * Words for the pen's codes: every NAK reason, every fault and every link
 * problem gets a sentence saying what happened and what to do. The console
 * only explains; the pen is what refuses (safety lives in the firmware).
 */
import type { FaultCode, NakCode } from '../../protocol/src/index.js';
import type { DeviceInfo } from './pen-api.js';

/** Details a NAK may carry, plus what the console knows about the request. */
export interface NakContext {
  /** The limit the pen reported (`max=`), in the unit of the refused value. */
  max?: number;
  min?: number;
  /** The pen's own detail text (`msg=`). */
  msg?: string;
  /** The refused value as the operator typed it, already formatted ("1.00 mm"). */
  value?: string;
  /** Display name of the selected treatment area. */
  area?: string;
  /** The pen's own limits from its INFO (µm, Hz), for a refusal that does not carry them. */
  limits?: Partial<Pick<DeviceLimits, 'dmin' | 'dmax' | 'dstep' | 'rmin' | 'rmax' | 'tmax'>>;
}

/** The limits a pen reports in INFO (µm and Hz). */
export type DeviceLimits = Pick<DeviceInfo, 'dmin' | 'dmax' | 'dstep' | 'rmin' | 'rmax' | 'tmax'>;

/** Formats µm as millimetres with two decimals. */
export function mm(um: number): string {
  return `${(um / 1000).toFixed(2)} mm`;
}

const limitMm = (c: NakContext): string => (c.max !== undefined ? mm(c.max) : 'its limit');

/** The depth range a refusal names: the NAK's own min/max first, else the pen's INFO; never a constant of this console. */
function depthRange(c: NakContext): string | null {
  const lo = c.min ?? c.limits?.dmin;
  const hi = c.max ?? c.limits?.dmax;
  if (lo === undefined || hi === undefined) return null;
  const step = c.limits?.dstep;
  return `${(lo / 1000).toFixed(2)}–${mm(hi)}${step !== undefined ? ` in ${mm(step)} steps` : ''}`;
}

/** The stroke-rate range a refusal names, from the NAK or the pen's INFO. */
function rateRange(c: NakContext): string | null {
  const lo = c.min ?? c.limits?.rmin;
  const hi = c.max ?? c.limits?.rmax;
  return lo === undefined || hi === undefined ? null : `${lo}–${hi} Hz`;
}

const spaced = (s: string): string => s.replace(/ {2,}/g, ' ');

/** One sentence per NAK reason: what was refused and what to do. */
export const NAK_TEXT: Readonly<Record<NakCode, (c: NakContext) => string>> = {
  VERSION: () => 'The pen speaks a different protocol version or schema. Update the console or the pen firmware so both match.',
  UNKNOWN_KIND: () => 'The pen does not know this command. Its firmware is older than this console; update it.',
  BAD_ARGS: (c) => `The pen found a malformed value${c.msg ? ` (${c.msg})` : ''}. This is a console bug; please report it.`,
  BAD_STATE: (c) => `The pen cannot do that in its current state${c.msg ? ` (${c.msg})` : ''}. Wait until it is ready, or stop it first.`,
  LOCKED: () => 'This is an engineering command. Open the engineering session first.',
  AUTH: () => 'The engineering key was not accepted. Check the key for this pen.',
  UNSUPPORTED: () => 'This pen does not support that command (a real pen refuses simulator commands).',
  BUSY: () => 'The pen is busy with another request. Try again in a moment.',
  DEPTH_RANGE: (c) => {
    const r = depthRange(c);
    return spaced(r
      ? `Depth ${c.value ?? ''} is outside the pen's range of ${r}. Choose a depth within that range.`
      : `Depth ${c.value ?? ''} is outside the range this pen accepts (it did not say which). See its limits in the Device panel.`);
  },
  DEPTH_AREA_LIMIT: (c) =>
    `Refused: ${c.value ?? 'that depth'} is deeper than the hard cap for ${c.area ?? 'the selected area'} (${limitMm(c)}). Choose ${limitMm(c)} or less, or select another area.`,
  DEPTH_CART_LIMIT: (c) =>
    `Refused: ${c.value ?? 'that depth'} is deeper than this cartridge is rated for (${limitMm(c)}). Choose ${limitMm(c)} or less, or fit a cartridge rated deeper.`,
  RATE_RANGE: (c) => {
    const r = rateRange(c);
    return spaced(r
      ? `Stroke rate ${c.value ?? ''} is outside the pen's range of ${r}. Choose a rate within that range.`
      : `Stroke rate ${c.value ?? ''} is outside the rates this pen accepts (it did not say which). See its limits in the Device panel.`);
  },
  AREA_UNKNOWN: () => "That treatment area is not in the pen's profile. Pick one from the list.",
  PROFILE_UNKNOWN: () => 'That area profile is not stored on the pen.',
  NO_CARTRIDGE: () => 'No cartridge is fitted. Insert a new sterile cartridge.',
  CART_UNSEATED: () => 'The cartridge is not seated. Push it home until it clicks.',
  CART_AUTH: () => 'The cartridge failed the authenticity check. Discard it and fit a genuine cartridge.',
  CART_EXPIRED: () => 'The cartridge is past its expiry date. Discard it and fit a new one.',
  CART_RECALLED: () => 'The cartridge comes from a recalled lot. Discard it and report the lot number.',
  CART_REUSED: () => 'This cartridge has been used before and cannot run again (single use). Fit a new one.',
  CART_UNSEALED: () => 'The cartridge seal is broken; sterility is not assured. Fit a new one.',
  CART_SPENT: () => 'The cartridge is spent. Fit a new one.',
  CART_FLUID: () => 'Fluid got past the cartridge membrane. Replace the cartridge before continuing.',
  FAULT_ACTIVE: () => 'A fault is latched. Read the fault banner, fix the cause, then press Clear fault.',
  FAULT_PRESENT: () => 'The fault condition is still present, so it cannot be cleared yet. Fix the cause first.',
  BATTERY_LOW: (c) => `The battery is too low to start${c.min !== undefined ? ` (below ${c.min} %)` : ''}. Charge the pen.`,
  OVER_TEMP: () => 'The handpiece is too hot (above 43 °C). Let it cool down.',
  NO_AREA: () => 'Select a treatment area first: the pen will not start without one (its hard cap limits the depth).',
  TLM_RANGE: (c) => {
    const max = c.max ?? c.limits?.tmax;
    return `The pen cannot send telemetry that fast${max !== undefined ? ` (at most ${max} Hz)` : ''}. Choose a lower rate.`;
  },
};

/** The sentence for a NAK code; unknown codes still get a readable line. */
export function explainNak(code: string, ctx: NakContext = {}): string {
  const f = (NAK_TEXT as Record<string, ((c: NakContext) => string) | undefined>)[code];
  return f ? f(ctx) : `The pen refused the command (${code}${ctx.msg ? `: ${ctx.msg}` : ''}).`;
}

/** What happened and what to do, per latched fault (SR-14: the host must clear it). */
export const FAULT_TEXT: Readonly<Record<FaultCode | 'UNKNOWN', { what: string; todo: string }>> = {
  DEPTH_TOLERANCE: {
    what: 'The needle depth left the setpoint by more than 0.15 mm; the needle was retracted.',
    todo: 'Lift the pen off the skin, check the cartridge is seated, then clear the fault.',
  },
  RATE_DEVIATION: {
    what: 'The stroke rate deviated by more than 10 % (motor stall or overload); the motor stopped.',
    todo: 'Lift the pen, check the cartridge moves freely, then clear the fault.',
  },
  CART_REMOVED: {
    what: 'The cartridge was removed while running; the pen stopped.',
    todo: 'Fit a new sterile cartridge (the old one may not be reused), then clear the fault.',
  },
  CART_UNSEATED: {
    what: 'The cartridge came unseated while running; the pen stopped.',
    todo: 'Push the cartridge home until it clicks, then clear the fault.',
  },
  FLUID_INGRESS: {
    what: 'Fluid got past the cartridge membrane; the pen stopped.',
    todo: 'Replace the cartridge and wipe the handpiece, then clear the fault.',
  },
  OVER_TEMP: {
    what: 'The handpiece exceeded 43 °C; the pen stopped to avoid burns.',
    todo: 'Let the handpiece cool down, then clear the fault.',
  },
  BATTERY_CRITICAL: {
    what: 'The battery fell below 3 %; the pen stopped.',
    todo: 'Connect the charger, then clear the fault.',
  },
  LINK_LOST: {
    what: 'The pen heard nothing from the console for 500 ms while running and stopped.',
    todo: 'Check the USB cable and connection, then clear the fault.',
  },
  SELF_TEST: {
    what: 'The pen failed its self-test (servo or motor); it will not run until a self-test passes.',
    todo: 'Clear the fault: the pen runs the self-test again (a power cycle does not clear it). If it fails again, take the pen out of service.',
  },
  NVM_WRITE: {
    what: "The pen could not write its non-volatile memory (the used-cartridge registry); it will not run.",
    todo: 'Take the pen out of service and have its memory repaired; then clear the fault.',
  },
  NVM_INTEGRITY: {
    what: "The pen's used-cartridge registry is missing, unreadable or altered; it will not run, so no cartridge can be reused.",
    todo: 'Take the pen out of service: only a deliberate factory reset by service staff restores the registry; then clear the fault.',
  },
  UNKNOWN: {
    what: 'The pen reports a fault.',
    todo: 'Check the event log for the cause, fix it, then clear the fault.',
  },
};

/** The fault banner text of a code (unknown codes fall back to a generic sentence). */
export function explainFault(code: string): { what: string; todo: string } {
  return (FAULT_TEXT as Record<string, { what: string; todo: string }>)[code] ?? FAULT_TEXT.UNKNOWN;
}

// The link advice lives beside the client, so the CLIs outside console/ print the same sentences.
export { LINK_ADVICE, classifyLinkError, connectProblemCode, linkAdvice } from '../../protocol/src/index.js';

/**
 * A verified cartridge that has fired (SR-08: recorded as used at its first START): it may stop and start
 * again while it stays in; once out it never runs again.
 */
export const CART_IN_USE_TEXT = 'In use since its first start (single use): it may stop and start again while it stays in; once removed it is spent.';

/** The verification result of a cartridge in words (CART `status=`). */
export const CART_STATUS_TEXT: Readonly<Record<string, string>> = {
  OK: 'Verified: authentic, in date, sealed, never used before. Ready to run.',
  NONE: 'No cartridge fitted. Insert a new sterile cartridge.',
  VERIFYING: 'Checking the cartridge…',
  UNSEATED: 'Not seated. Push the cartridge home until it clicks.',
  AUTH: 'Rejected: failed the authenticity check. Discard it.',
  EXPIRED: 'Rejected: past its expiry date. Discard it.',
  RECALLED: 'Rejected: its lot is recalled. Discard it and report the lot.',
  REUSED: 'Rejected: already used once (single use). Fit a new one.',
  UNSEALED: 'Rejected: the seal is broken. Fit a new one.',
  SPENT: 'Spent: removed or used for 60 min. Fit a new one.',
  FLUID: 'Rejected: fluid past the membrane. Replace it.',
};

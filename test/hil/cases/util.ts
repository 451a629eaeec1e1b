/** Small helpers shared by the case files: reading the pen, and depths that are legal on this pen. */
import { faultCodes, type FaultCode, type Fields } from '../../../protocol/src/index.js';
import { cartNow } from '../harness/acquire.js';
import type { CaseContext } from '../harness/context.js';
import { check, frameText } from '../harness/link.js';

export { cartNow } from '../harness/acquire.js';

/** The pen's identity and limits right now (GET_INFO). */
export async function infoNow(ctx: CaseContext): Promise<Fields<'INFO'>> {
  const m = await ctx.link.ok('GET_INFO', {});
  check(m.kind === 'INFO', `GET_INFO answered ${m.kind}`);
  return m.fields as Fields<'INFO'>;
}

/** The pen's state and settings right now (GET_STATUS). */
export async function statusNow(ctx: CaseContext): Promise<Fields<'STATUS'>> {
  const m = await ctx.link.ok('GET_STATUS', {});
  check(m.kind === 'STATUS', `GET_STATUS answered ${m.kind}`);
  return m.fields as Fields<'STATUS'>;
}

/** What a refused command must leave untouched (SR-15): the STATUS settings and the loaded profile. */
export type PenSettings = Omit<Fields<'STATUS'>, 're'> & { profile: string };

/** STATUS and INFO's profile right now. */
export async function settingsNow(ctx: CaseContext): Promise<PenSettings> {
  const { re: _re, ...status } = await statusNow(ctx);
  return { ...status, profile: (await infoNow(ctx)).profile };
}

/** The settings as one comparable line. */
export function settings(s: PenSettings): string {
  return `st=${s.st} um=${s.um} hz=${s.hz} area=${s.area ?? '-'} profile=${s.profile} eng=${s.eng} faults=${s.faults}`;
}

/** Fail unless the settings are unchanged. */
export async function expectUnchanged(ctx: CaseContext, before: PenSettings, after: string): Promise<void> {
  const now = await settingsNow(ctx);
  check(settings(now) === settings(before), `state changed after ${after}: before ${settings(before)}, after ${settings(now)}`);
}

/** The fault codes of a mask (STATUS faults=/present=, NAK and EVT faults=). */
export function codesOf(mask: unknown): FaultCode[] {
  return faultCodes(String(mask ?? '0000')).codes;
}

/** `um` moved onto the pen's grid (dmin + k·dstep) and into dmin…`ceiling`. */
export function onGrid(ctx: CaseContext, um: number, ceiling = ctx.limits.dmax): number {
  const { dmin, dstep } = ctx.limits;
  const top = dmin + Math.floor((Math.min(ceiling, ctx.limits.dmax) - dmin) / dstep) * dstep;
  return Math.min(top, Math.max(dmin, dmin + Math.round((um - dmin) / dstep) * dstep));
}

/**
 * The deepest setpoint the pen accepts right now: its dmax, the selected or
 * given area's cap, and the rating of a cartridge it has (SR-01…SR-03).
 */
export async function depthCeiling(ctx: CaseContext, capUm?: number): Promise<number> {
  const c = await cartNow(ctx);
  const cart = c.status !== 'NONE' && c.max !== undefined ? c.max : Infinity;
  return Math.min(ctx.limits.dmax, capUm ?? Infinity, cart);
}

/** A stroke rate inside the pen's range, as near `hz` as it allows. */
export function legalRate(ctx: CaseContext, hz: number): number {
  return Math.min(ctx.limits.rmax, Math.max(ctx.limits.rmin, hz));
}

/** STOP, then wait until the needle is home and the pen idle (not RUN or STOP). */
export async function stopped(ctx: CaseContext): Promise<Fields<'STATUS'>> {
  await ctx.link.ok('STOP', {});
  for (let i = 0; ; i++) {
    const s = await statusNow(ctx);
    if (s.st !== 'RUN' && s.st !== 'STOP') return s;
    check(i < 20, `the pen still reports ${s.st} 1 s after STOP`);
    await ctx.link.pump(50);
  }
}

/** CLEAR_FAULT until accepted (a condition may take a moment to be sensed gone), at most `ms`. */
export async function clearFaultWithin(ctx: CaseContext, ms: number): Promise<void> {
  const end = ctx.link.now() + ms;
  let r = await ctx.link.request('CLEAR_FAULT', {});
  while (r.msg.kind !== 'ACK' && ctx.link.now() < end) {
    await ctx.link.pump(50);
    r = await ctx.link.request('CLEAR_FAULT', {});
  }
  check(r.msg.kind === 'ACK', `CLEAR_FAULT still refused ${ms} ms after the condition was removed: ${frameText(r)}`);
}

/** Two different stroke rates the pen accepts, the first not its power-on rate: for cases that only need a change to show. */
export function twoRates(ctx: CaseContext): [number, number] {
  const { rmin, rmax } = ctx.limits;
  if (rmin === rmax) ctx.skip(`needs two accepted stroke rates, and this pen accepts only ${rmin} Hz (INFO rmin = rmax)`);
  return ctx.powerOn.hz === rmin ? [rmax, rmin] : [rmin, rmax];
}

/** Small helpers shared by the case files. */
import type { Fields } from '../../../protocol/src/index.js';
import type { CaseContext } from '../harness/context.js';
import { check } from '../harness/link.js';

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
  return `st=${s.st} um=${s.um} hz=${s.hz} area=${s.area ?? '-'} profile=${s.profile} eng=${s.eng}`;
}

/** Fail unless the settings are unchanged. */
export async function expectUnchanged(ctx: CaseContext, before: PenSettings, after: string): Promise<void> {
  const now = await settingsNow(ctx);
  check(settings(now) === settings(before), `state changed after ${after}: before ${settings(before)}, after ${settings(now)}`);
}

/** The CART answer right now. */
export async function cartNow(ctx: CaseContext): Promise<Fields<'CART'>> {
  const m = await ctx.link.ok('GET_CART', {});
  check(m.kind === 'CART', `GET_CART answered ${m.kind}`);
  return m.fields as Fields<'CART'>;
}

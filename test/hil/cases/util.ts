/** Small helpers shared by the case files. */
import type { Fields } from '../../../protocol/src/index.js';
import type { CaseContext } from '../harness/context.js';
import { check } from '../harness/link.js';

/** The pen's INFO right now (GET_INFO). */
export async function infoNow(ctx: CaseContext): Promise<Fields<'INFO'>> {
  const m = await ctx.link.ok('GET_INFO', {});
  check(m.kind === 'INFO', `GET_INFO answered ${m.kind}`);
  return m.fields as Fields<'INFO'>;
}

/** The settings a refused command must leave untouched (SR-15). */
export function settings(i: Fields<'INFO'>): string {
  return `st=${i.st} um=${i.um} hz=${i.hz} area=${i.area ?? '-'} profile=${i.profile} eng=${i.eng}`;
}

/** Fail unless the settings are unchanged. */
export async function expectUnchanged(ctx: CaseContext, before: Fields<'INFO'>, after: string): Promise<void> {
  const now = await infoNow(ctx);
  check(settings(now) === settings(before), `state changed after ${after}: before ${settings(before)}, after ${settings(now)}`);
}

/** The CART answer right now. */
export async function cartNow(ctx: CaseContext): Promise<Fields<'CART'>> {
  const m = await ctx.link.ok('GET_CART', {});
  check(m.kind === 'CART', `GET_CART answered ${m.kind}`);
  return m.fields as Fields<'CART'>;
}

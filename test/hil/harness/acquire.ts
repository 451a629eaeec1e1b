/**
 * Getting the cartridge a case needs into the pen: the fitted one when it
 * suits (a real pen comes with one), else a fresh one from the run's supply
 * with SIM_CART, else from the person at the bench; otherwise the case is
 * skipped naming exactly what it needs.
 */
import type { Fields } from '../../../protocol/src/index.js';
import { describeRequest, fits, type CartRequest } from './cartridges.js';
import type { CaseContext } from './context.js';
import { check, HilFailure, type HilMsg, type RxFrame } from './link.js';

export type { CartRequest } from './cartridges.js';

/** The CART answer right now (waiting out a verification in progress). */
export async function cartNow(ctx: CaseContext): Promise<Fields<'CART'>> {
  for (let i = 0; ; i++) {
    const m = await ctx.link.ok('GET_CART', {});
    check(m.kind === 'CART', `GET_CART answered ${m.kind}`);
    const c = m.fields as Fields<'CART'>;
    if (c.status !== 'VERIFYING' || i >= 20) return c;
    await ctx.link.pump(50);
  }
}

/** A cartridge in words for messages: `N12 cartridge N12-OK-01 (OK, rated 2.50 mm)`. */
export function cartText(c: Fields<'CART'>): string {
  if (c.status === 'NONE') return 'no cartridge';
  return `${c.type ?? '?'} cartridge ${c.id ?? '?'} (${c.status}${c.max !== undefined ? `, rated ${(c.max / 1000).toFixed(2)} mm` : ''})`;
}

/** Wait for the verification verdict of the next cartridge (any id), from `since`. */
export function verdict(ctx: CaseContext, since: number, timeoutMs: number, id?: string): Promise<RxFrame & { msg: HilMsg }> {
  return ctx.link.waitFor(`EVT CART_OK or CART_REJECT${id ? ` for ${id}` : ''}`, (m) =>
    m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT') && (id === undefined || m.fields.id === id), { since, timeoutMs });
}

/** Take the cartridge out: SIM_CART REMOVE, or the operator. Waits for EVT CART_OUT. */
export async function removeCartridge(ctx: CaseContext, running = false): Promise<void> {
  const since = ctx.link.mark();
  if (ctx.features.has('sim')) {
    await ctx.sim('SIM_CART', { op: 'REMOVE' });
    await ctx.link.event('CART_OUT', {}, { since, timeoutMs: 1000 });
  } else {
    await ctx.operator(
      running ? { action: 'remove-running', text: 'Pull the cartridge out now, while the pen runs' } : { action: 'remove', text: 'Remove the cartridge from the pen' },
      'EVT CART_OUT', (m) => m.kind === 'EVT' && m.fields.ev === 'CART_OUT');
  }
}

/**
 * Insert a given sample cartridge (SIM_CART INSERT id=) and return its verdict
 * event; with the operator, ask for the QA sample that gets `expect`.
 */
export async function insertSample(ctx: CaseContext, id: string, expect: string): Promise<RxFrame & { msg: HilMsg }> {
  ctx.target.run.supply.markUsed(id);
  const since = ctx.link.mark();
  if (ctx.features.has('sim')) {
    await ctx.sim('SIM_CART', { op: 'INSERT', id });
    return verdict(ctx, since, 2000, id);
  }
  return ctx.operator({ action: 'insert-sample', sample: id, text: `Insert the QA sample cartridge ${id} (one the pen must verify ${expect})` },
    'EVT CART_OK or CART_REJECT', (m) => m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT'));
}

/** Insert the cartridge just removed again (SIM_CART INSERT id=, or the operator); returns its verdict event. */
export async function reinsertCartridge(ctx: CaseContext, id: string): Promise<RxFrame & { msg: HilMsg }> {
  const since = ctx.link.mark();
  if (ctx.features.has('sim')) {
    await ctx.sim('SIM_CART', { op: 'INSERT', id });
    return verdict(ctx, since, 2000, id);
  }
  return ctx.operator({ action: 'reinsert', id, text: `Insert the same cartridge again (${id}, the one just removed)` }, `EVT CART_OK or CART_REJECT for ${id}`,
    (m) => m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT'));
}

/** Make the slot empty (a cartridge in is removed: spent if it was verified, SR-09). */
export async function emptySlot(ctx: CaseContext): Promise<void> {
  const c = await cartNow(ctx);
  if (c.status !== 'NONE') {
    ctx.need('cartridge-swap');
    await removeCartridge(ctx);
  }
}

/** Ensure a verified cartridge as requested is in the pen; see the file comment. */
export async function acquireCartridge(ctx: CaseContext, asked: CartRequest): Promise<Fields<'CART'>> {
  // Never rated below the power-on depth: START would be refused DEPTH_CART_LIMIT (a pen whose dmin is above 250).
  const req: CartRequest = { ...asked, ratedUm: Math.max(asked.ratedUm ?? 0, ctx.info ? ctx.powerOn.um : 0) };
  let c = await cartNow(ctx);
  if (c.status === 'UNSEATED' && ctx.features.has('sim')) {
    await ctx.sim('SIM_CART', { op: 'SEAT' });
    c = await cartNow(ctx);
  }
  if (c.id) ctx.target.run.supply.markUsed(c.id);
  if (c.status === 'OK' && !req.fresh && fits(req, c.type, c.max)) return c;
  const wanted = describeRequest(req);
  if (!ctx.features.has('sim') && !ctx.features.has('operator')) {
    ctx.skip(`needs ${wanted}, and the pen has ${cartText(c)}: fit one (or run with --operator to be prompted, or use a pen with SIM_CART: sim=1 and its engineering key)`);
  }
  if (c.status !== 'NONE') await removeCartridge(ctx);
  if (ctx.features.has('sim')) return insertFromSupply(ctx, req, wanted);
  const ev = await ctx.operator({ action: 'insert-fresh', text: `Insert ${wanted}`, cart: req }, 'EVT CART_OK or CART_REJECT',
    (m) => m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT'));
  const got = await cartNow(ctx);
  if (ev.msg.fields.ev !== 'CART_OK' || !fits(req, got.type, got.max)) {
    throw new HilFailure(`asked the operator for ${wanted}; the pen has ${cartText(got)}`);
  }
  return got;
}

async function insertFromSupply(ctx: CaseContext, req: CartRequest, wanted: string): Promise<Fields<'CART'>> {
  const supply = ctx.target.run.supply;
  for (;;) {
    const id = supply.next(req);
    if (id === null) {
      ctx.skip(`needs ${wanted}, and every sample cartridge that fits has been in this pen during this run (single use, SR-08/SR-09): `
        + 'run it on a pen with a factory-reset registry, or with --operator to fit one by hand');
    }
    supply.markUsed(id);
    const since = ctx.link.mark();
    await ctx.sim('SIM_CART', { op: 'INSERT', id });
    const ev = await verdict(ctx, since, 2000, id);
    if (ev.msg.fields.ev === 'CART_OK') {
      const c = await cartNow(ctx);
      check(c.status === 'OK' && c.id === id, `after CART_OK for ${id} GET_CART reports ${cartText(c)}`);
      return c;
    }
    // Used before this run began (a registry that survives runs): SR-08 doing its job. Take it out, try the next.
    ctx.log(`sample ${id} verified ${String(ev.msg.fields.code)} (used before this run); trying another`);
    await removeCartridge(ctx);
  }
}

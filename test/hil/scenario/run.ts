/** Running a loaded scenario's steps on a case context; a failure names the file, the line and the step. */
import { frame, tryEncode, type Message } from '../../../protocol/src/index.js';
import { cartNow, emptySlot, insertSample, reinsertCartridge, removeCartridge } from '../harness/acquire.js';
import type { CaseContext } from '../harness/context.js';
import { check, fieldsText, frameText, HEARTBEAT_MS, HilFailure } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import type { Scenario, Step } from './load.js';
import { matchPattern, resolvePattern, substitute, type FramePattern } from './patterns.js';

/** The values of the variables on this pen (INFO limits, power-on settings, profile rows). */
async function variables(ctx: CaseContext): Promise<Record<string, string | number>> {
  const i = ctx.info ?? (await ctx.connect());
  const deep = await ctx.deepestArea();
  const low = await ctx.shallowestArea();
  return {
    dmin: i.dmin, dmax: i.dmax, dstep: i.dstep, rmin: i.rmin, rmax: i.rmax, tmax: i.tmax, um0: ctx.powerOn.um, hz0: ctx.powerOn.hz,
    deepest: deep.area, shallowest: low.area, deepest_cap: deep.cap, shallowest_cap: low.cap, profile: i.profile,
  };
}

/** Run a scenario's steps on a case context. */
export async function runScenario(sc: Scenario, ctx: CaseContext): Promise<void> {
  const link = ctx.link;
  let since = link.mark();
  let vars: Record<string, string | number> | null = null;
  let lastRemoved: string | null = null;
  const v = async () => (vars ??= await variables(ctx));
  const text = async (t: string) => (/\{/.test(t) ? substitute(t, await v()) : t);
  const pattern = async (p: FramePattern) => (/\{/.test(p.text) ? resolvePattern(p, await v()) : p);
  const answer = async (s: Extract<Step, { do: 'send' | 'raw' }>, seq: number, what: string, timeoutMs: number) => {
    const ans = await link.waitAnswer(seq, what, since, timeoutMs);
    if (s.expect) {
      const p = await pattern(s.expect);
      check(matchPattern(ans.msg, p), `${what} answered ${frameText(ans)}, expected ${p.text}`);
    }
  };
  for (let i = 0; i < sc.steps.length; i++) {
    const s = sc.steps[i]!;
    const timeoutMs = ('timeoutMs' in s ? s.timeoutMs : undefined) ?? sc.timeoutMs ?? link.timeoutMs;
    try {
      switch (s.do) {
        case 'connect':
          since = link.mark();
          await ctx.connect();
          break;
        case 'eng':
          await ctx.engOpen();
          break;
        case 'cartridge':
          since = link.mark();
          await ctx.cartridge({ ...(s.type === 'any' ? {} : { type: s.type }), ...(s.rated ? { ratedUm: s.rated } : {}), ...(s.fresh ? { fresh: true } : {}) });
          break;
        case 'insert': {
          await emptySlot(ctx);
          since = link.mark();
          const ev = await insertSample(ctx, s.id, s.verdict);
          const verdict = ev.msg.fields.ev === 'CART_OK' ? 'OK' : String(ev.msg.fields.code);
          check(verdict === s.verdict, `cartridge ${s.id} verified ${verdict}, expected ${s.verdict}`);
          break;
        }
        case 'remove':
          lastRemoved = (await cartNow(ctx)).id ?? null;
          since = link.mark();
          await removeCartridge(ctx);
          break;
        case 'reinsert': {
          check(lastRemoved !== null, 'no cartridge was removed before (a remove step with a cartridge in the pen)');
          since = link.mark();
          const ev = await reinsertCartridge(ctx, lastRemoved);
          const verdict = ev.msg.fields.ev === 'CART_OK' ? 'OK' : String(ev.msg.fields.code);
          check(verdict === s.verdict, `cartridge ${lastRemoved} re-inserted verified ${verdict}, expected ${s.verdict}`);
          break;
        }
        case 'send': {
          since = link.mark();
          const fields = Object.fromEntries(await Promise.all(s.cmd.fields.map(async ([k, val]) => [k, await text(val)] as const)));
          const typed = Object.fromEntries(Object.entries(fields).map(([k, val]) => [k, /^-?\d+$/.test(val) ? Number(val) : val]));
          const seq = link.takeSeq();
          const enc = tryEncode({ seq, kind: s.cmd.kind, fields: typed } as unknown as Message);
          if (!enc.ok) throw new HilFailure(`${s.cmd.kind} ${fieldsText(typed)} cannot be sent: ${enc.detail}`);
          link.writeRaw(enc.line);
          await answer(s, seq, `${s.cmd.kind} ${fieldsText(typed)}`, timeoutMs);
          break;
        }
        case 'raw': {
          since = link.mark();
          const seq = link.takeSeq();
          const body = `${seq} ${await text(s.body)}`;
          link.writeRaw(frame(body));
          await answer(s, seq, body, timeoutMs);
          break;
        }
        case 'expect': {
          const p = await pattern(s.pattern);
          await link.waitFor(p.text, (m) => matchPattern(m, p), { since, timeoutMs });
          break;
        }
        case 'absent': {
          const p = await pattern(s.pattern);
          await link.none(p.text, (m) => matchPattern(m, p), s.forMs);
          break;
        }
        case 'wait':
          await link.pump(s.ms);
          break;
        case 'fault':
          since = link.mark();
          await ctx.sim('SIM_FAULT', s.v === undefined ? { f: s.f } : { f: s.f, v: Number(await text(s.v)) });
          break;
        case 'hand':
          since = link.mark();
          await ctx.sim('SIM_SKIN', { mode: s.mode });
          break;
        case 'heartbeat':
          link.heartbeatMs = s.on ? HEARTBEAT_MS : 0;
          break;
        case 'power-cycle':
          since = link.mark();
          await ctx.powerCycle();
          break;
      }
    } catch (e) {
      if (e instanceof HilFailure) throw new HilFailure(`${sc.file}:${s.line} step ${i + 1} (${s.do}): ${e.message}`);
      throw e;
    }
  }
}

/** A scenario as a suite case. */
export function scenarioCase(sc: Scenario): HilCase {
  return { id: sc.id, title: sc.title, needs: sc.needs, tags: sc.tags, source: sc.source, run: (ctx) => runScenario(sc, ctx) };
}

/**
 * The one reset procedure, run before every case on every target: the
 * documented way back to power-on settings over the wire (PROTOCOL.md §6,
 * RESET_SETTINGS), never a file wiped behind the pen's back. STOP, faults
 * cleared, telemetry off, RESET_SETTINGS, the run's profile, the engineering
 * session closed and the handshake gate shut again with a mismatching HELLO,
 * as after power-up. On a pen that takes SIM_* it also removes injections,
 * fills the battery, unplugs the charger and lets the handpiece cool. The
 * cartridge stays: it is a case's to judge whether it suits.
 */
import { faultCodes, PROTO_VERSION, SCHEMA_HASH, type Fields } from '../../../protocol/src/index.js';
import { engMac } from '../../../protocol/node/eng-auth.js';
import { cartNow } from './acquire.js';
import type { CaseContext } from './context.js';
import { frameText, HilFailure } from './link.js';

const OVER_TEMP_BIT = 0x20;

/** Bring the pen to power-on settings; returns its INFO. Throws (the case then fails) saying what could not be undone. */
export async function resetPen(ctx: CaseContext): Promise<Fields<'INFO'>> {
  const { link } = ctx;
  const run = ctx.target.run;
  const sim = ctx.features.has('sim');
  const key = ctx.target.engKeyHex;
  // Commands go out back to back and the answers are collected after: the pen handles them in order,
  // so a reset costs a few round trips, not twenty.
  const [hello, , , chal] = await link.batch([
    ['HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH }], ['STOP', {}], ['TLM_RATE', { hz: 0 }], ...(sim ? [['ENG_OPEN', {}] as const] : []),
  ]);
  if (hello!.msg.kind !== 'INFO') throw new HilFailure(`HELLO answered ${frameText(hello)}, expected INFO`);
  ctx.info = hello!.msg.fields as Fields<'INFO'>;
  ctx.engForgotten();
  if (sim && key !== null) {
    if (chal!.msg.kind !== 'CHAL') throw new HilFailure(`ENG_OPEN answered ${frameText(chal)}, expected CHAL`);
    const [auth] = await link.batch([
      ['ENG_AUTH', { mac: engMac(key, String(chal!.msg.fields.nonce), ctx.info.serial) }],
      ['SIM_FAULT', { f: 'CLEAR' }], ['SIM_FAULT', { f: 'BATTERY', v: 100 }], ['SIM_POWER', { op: 'CHARGER_OFF' }], ['SIM_SKIN', { mode: 'AUTO' }],
    ]);
    if (auth!.msg.kind !== 'ACK') throw new HilFailure(`ENG_AUTH answered ${frameText(auth)}`);
    ctx.engOpened();
    // Sensors are sampled, not interrupts: give the pen a moment to see the new battery and charger.
    await link.pump(20);
    const c = await cartNow(ctx);
    if (c.status === 'UNSEATED') await ctx.sim('SIM_CART', { op: 'SEAT' });
    // Fluid stays present until the contaminated cartridge is out (SR-12).
    if (c.status === 'FLUID') await ctx.sim('SIM_CART', { op: 'REMOVE' });
    await cool(ctx);
  }
  await clearFaults(ctx);
  await untilIdle(ctx);
  const info = ctx.info!;
  run.info ??= info;
  run.baselineProfile ??= info.profile;
  if (info.profile !== run.baselineProfile && key !== null) {
    await ctx.engOpen();
    await link.ok('ENG_PROFILE', { name: run.baselineProfile });
  }
  const [reset, , shut] = await link.batch([['RESET_SETTINGS', {}], ['ENG_CLOSE', {}], ['HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }]]);
  ctx.engForgotten();
  if (reset!.msg.kind !== 'ACK') {
    // Refused in BOOT, RUN and STOP (a self-test re-run by CLEAR_FAULT): once idle, again.
    await ctx.connect();
    await untilIdle(ctx);
    await link.ok('RESET_SETTINGS', {});
    await link.nak('HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }, 'VERSION');
  } else if (shut!.msg.kind !== 'NAK' || shut!.msg.fields.code !== 'VERSION') {
    throw new HilFailure(`a mismatching HELLO was answered ${frameText(shut)}, not NAK VERSION`);
  }
  return info;
}

/**
 * Wait out STOP's retraction (RESET_SETTINGS is refused in BOOT, RUN and STOP) and a cartridge
 * verification in progress (a pen powered up with a cartridge fitted verifies it first): a case
 * starts from a state the pen does not leave on its own, or its before/after comparisons see the
 * pen's own VERIFY → READY as a change.
 */
async function untilIdle(ctx: CaseContext): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const s = await ctx.statusWhenBooted();
    if (s.st !== 'STOP' && s.st !== 'RUN' && s.st !== 'VERIFY') return;
    await ctx.link.pump(50);
  }
  throw new HilFailure('the pen did not leave RUN, STOP or VERIFY within 1 s');
}

/** A hot handpiece (OVER_TEMP present) is cooled with a negative heat source, then the injection removed. */
async function cool(ctx: CaseContext): Promise<void> {
  let s = await ctx.statusWhenBooted();
  if ((parseInt(s.present, 16) & OVER_TEMP_BIT) === 0) return;
  await ctx.sim('SIM_FAULT', { f: 'OVERTEMP', v: -20000 });
  const deadline = ctx.link.now() + 10_000;
  while ((parseInt(s.present, 16) & OVER_TEMP_BIT) !== 0 && ctx.link.now() < deadline) {
    await ctx.link.pump(100);
    s = await ctx.statusWhenBooted();
  }
  await ctx.sim('SIM_FAULT', { f: 'CLEAR' });
}

/**
 * CLEAR_FAULT until nothing is latched; a self-test that failed is passed again
 * by a power cycle where CLEAR_FAULT does not re-run it (PROTOCOL.md allows both).
 */
async function clearFaults(ctx: CaseContext): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const s = await ctx.statusWhenBooted();
    if (s.faults === '0000' && s.selftest === 'PASS') return;
    if (s.faults === '0000' && s.selftest === 'FAIL' && ctx.features.has('sim')) {
      await ctx.powerCycle();
      continue;
    }
    if (s.faults === '0000') return;
    const r = await ctx.link.request('CLEAR_FAULT', {});
    if (r.msg.kind === 'ACK') continue;
    const code = String(r.msg.fields.code);
    if (code === 'BUSY') {
      await ctx.link.pump(100);
      continue;
    }
    if (code === 'FAULT_PRESENT') {
      const present = faultCodes(String(r.msg.fields.faults ?? s.present)).codes;
      if (ctx.features.has('sim') && present.includes('FLUID_INGRESS')) {
        const c = await cartNow(ctx);
        if (c.status !== 'NONE') await ctx.sim('SIM_CART', { op: 'REMOVE' });
      }
      await ctx.link.pump(200);
      if (attempt < 9) continue;
      throw new HilFailure(`could not clear the latched faults ${faultCodes(s.faults).codes.join(', ')}: still present ${present.join(', ') || s.present}`);
    }
    throw new HilFailure(`CLEAR_FAULT answered ${frameText(r)}`);
  }
  const s = await ctx.statusWhenBooted();
  throw new HilFailure(`faults still latched after 10 attempts: ${faultCodes(s.faults).codes.join(', ')} (selftest=${s.selftest})`);
}

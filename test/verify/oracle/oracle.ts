/**
 * The oracle: an independent model of what the pen may do, fed with the lines
 * the host sent, the frames the pen sent back and the pen's physical truth
 * after every 1 ms step (true needle depth, extension, motor, speed,
 * temperature, battery). It never reads the firmware's bookkeeping to decide
 * what is allowed. Each check that fails records a Violation (the first of
 * each invariant per run).
 */
import { CartModel, calendarDate } from './cart-model.js';
import { FaultModel } from './fault-model.js';
import type { InvariantId, Violation } from './invariants.js';
import { LinkModel } from './link-model.js';
import {
  BATTERY_CRITICAL_PCT, BATTERY_START_PCT, BOOT_MS, CEILING_UM, DEPTH_TOL_UM, LEASE_MS, POWER_ON_DEPTH_UM,
  POWER_ON_RATE_HZ, PROFILE_CAPS, TEMP_MAX_C, ratedMaxUm,
} from './spec.js';
import { Supervision } from './supervision.js';

/** The physical truth after a step (or a command). */
export interface Physical {
  t: number;
  posUm: number;
  extended: boolean;
  motorOn: boolean;
  hz: number;
  tempC: number;
  batteryPct: number;
}

/** How the pen was built. */
export interface OracleSetup {
  epochMs: number;
  cartridge: string | null;
}

/** Slack for edges whose exact ms depends on the pen's step order. */
export const EDGE_MS = 2;

/** The oracle (see the file comment). */
export class Oracle {
  readonly link = new LinkModel();
  readonly cart: CartModel;
  readonly faults = new FaultModel();
  readonly sup = new Supervision();
  /** Accepted settings; undefined when an answer was lost and the setting is not known. */
  area: string | null | undefined = null;
  depthSet: number | undefined = POWER_ON_DEPTH_UM;
  rateSet: number | undefined = POWER_ON_RATE_HZ;
  profile: string | undefined = 'DEFAULT';
  calendarOffsetMs = 0;
  /** False once a calendar move's answer was lost. */
  calendarKnown = true;
  nvmFail: boolean | 'unknown' = false;
  /** The registry's storage was made unreadable or unwritable by the test. */
  nvmBroken = false;
  /** Transmit impairments were injected: an answer may be lost. */
  txImpaired = false;
  /** Power cycle asked for (SIM_POWER CYCLE accepted) and not yet seen. */
  cycleArmed = false;
  lastStartLineAt = -Infinity;
  /** The last STOP line and whether a START line followed it. */
  stopAt: number | null = null;
  stopPeriodMs = 0;
  private prevMotorOn = false;
  private overTempSince: number | null = null;
  private batteryLowSince: number | null = null;
  /** Since when the battery has been below the START minimum (the pen samples it once per step). */
  private batteryBelowStartSince: number | null = null;
  private readonly seen = new Set<InvariantId>();
  /** Answer lines received since power-up (the pen's seq makes each new one unique): a repeat was replayed from memory. */
  private readonly answers = new Set<string>();
  private readonly answerOrder: string[] = [];
  readonly violations: Violation[] = [];
  /** How often each invariant's precondition arose (evidence that it was exercised). */
  readonly exercised = new Map<InvariantId, number>();

  constructor(readonly setup: OracleSetup) {
    this.cart = new CartModel(setup.cartridge);
  }

  /** Record a violation (once per invariant per run); the detail is only built the first time. */
  flag(id: InvariantId, t: number, detail: string | (() => string)): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.violations.push({ id, t, detail: typeof detail === 'string' ? detail : detail() });
  }

  /** Count one occasion on which an invariant's precondition held. */
  exercise(id: InvariantId, n = 1): void {
    this.exercised.set(id, (this.exercised.get(id) ?? 0) + n);
  }

  /** The pen's calendar date now. */
  today(t: number): number {
    return calendarDate(this.setup.epochMs, this.calendarOffsetMs, t);
  }

  /** The cap of the selected area, µm (the ceiling when none or unknown). */
  areaCap(area: string | null | undefined = this.area): number {
    if (area === null || area === undefined || this.profile === undefined) return CEILING_UM;
    return PROFILE_CAPS.get(this.profile)?.get(area) ?? CEILING_UM;
  }

  /** min(area cap, cartridge max, 2.5 mm) as far as it is known. */
  depthLimit(): number {
    const ins = this.cart.known ? this.cart.inserted : null;
    return Math.min(this.areaCap(), ins ? ratedMaxUm(ins.rec) : CEILING_UM, CEILING_UM);
  }

  /** Note an answer line; true if the same line came before (a replay from the pen's memory). */
  answerSeen(line: string): boolean {
    if (this.answers.has(line)) return true;
    this.answers.add(line);
    this.answerOrder.push(line);
    if (this.answerOrder.length > 512) this.answers.delete(this.answerOrder.shift()!);
    return false;
  }

  /** Power-up seen at `t`: volatile settings, session and gate are gone (PROTOCOL.md §6, Pen behaviour). */
  powerCycled(p: Physical): void {
    this.cycleArmed = false;
    this.answers.clear();
    this.answerOrder.length = 0;
    this.link.powerCycle();
    this.cart.powerCycle(p.t);
    this.faults.powerCycle(p.t);
    this.sup.powerCycle(p.posUm);
    this.area = null;
    this.depthSet = POWER_ON_DEPTH_UM;
    this.rateSet = POWER_ON_RATE_HZ;
    this.profile = 'DEFAULT';
  }

  /** An EVT frame from the pen. */
  evt(fields: Record<string, unknown>, t: number): void {
    const ev = fields['ev'];
    if (ev === 'FAULT') this.faults.announced(fields['code'] as string | undefined, fields['faults'] as string | undefined, t, this.nvmFail !== false || this.nvmBroken);
    if (ev === 'LEASE') {
      this.exercise('SR-11.early');
      this.link.leaseLapsed(true);
      const quiet = t - this.link.lastRenewal;
      if (quiet < LEASE_MS - EDGE_MS) this.flag('SR-11.early', t, `EVT ev=LEASE ${quiet} ms after the last well-formed host command`);
    }
  }

  /** Advance the physical checks by dt ms (dt = 0 right after a command). */
  step(p: Physical, dt: number): void {
    if (dt > 0) {
      for (const f of this.sup.step(p, dt, this.depthSet ?? null, this.rateSet ?? null, this.faults.driftUmPerMs)) this.flag(f.id, p.t, f.detail);
      this.exerciseRunning(p, dt);
    }
    // The first START fires the cartridge, however short the run (SR-08).
    if (p.motorOn) this.cart.ran(dt);
    this.faults.settleSelfTest(p.t);
    this.batteryBelowStartSince = p.batteryPct < BATTERY_START_PCT - 0.01 ? (this.batteryBelowStartSince ?? p.t) : null;
    if (p.motorOn && !this.prevMotorOn) this.motorStarted(p);
    this.prevMotorOn = p.motorOn;
    if (p.motorOn) this.whileRunning(p);
    else {
      this.overTempSince = null;
      this.batteryLowSince = null;
    }
    this.checkDepth(p);
    this.checkStop(p);
  }

  private motorStarted(p: Physical): void {
    this.exercise('SR-15.unprompted');
    if (p.t - this.lastStartLineAt > EDGE_MS) this.flag('SR-15.unprompted', p.t, `motor started ${p.t - this.lastStartLineAt} ms after the last START line`);
    const ins = this.cart.known ? this.cart.inserted : null;
    if (ins && this.calendarKnown) {
      const date = this.today(this.lastStartLineAt - 5);
      if (date > ins.rec.exp) this.flag('SR-07.expired', p.t, `START ran cartridge ${ins.rec.id} (expiry ${ins.rec.exp}) on ${date}`);
      const unwritable = this.nvmFail === true || this.nvmBroken;
      if (unwritable && !this.cart.fired.has(ins.rec.id)) this.flag('SR-08.nvm', p.t, `first fire of ${ins.rec.id} while the registry cannot be written`);
    }
    const low = this.batteryBelowStartSince;
    if (low !== null && low <= this.lastStartLineAt - EDGE_MS) this.flag('SR-13.battery', p.t, `START ran the motor at ${p.batteryPct.toFixed(2)} % battery (below ${BATTERY_START_PCT} % since t=${low})`);
  }

  private whileRunning(p: Physical): void {
    const refusal = this.cart.refusal(p.t);
    if (refusal) this.flag(refusal.id, p.t, () => `motor on: ${refusal.why}`);
    if (this.area === null) this.flag('SR-02.no-area', p.t, 'motor on with no treatment area selected');
    if (this.faults.latched.size > 0) {
      const stale = [...this.faults.latched].filter(([, at]) => p.t - at >= EDGE_MS).map(([c]) => c);
      if (stale.length > 0) this.flag('SR-14.latched', p.t, `motor on with ${stale.join(',')} latched and no CLEAR_FAULT accepted since`);
    }
    if (this.faults.selfTest === 'fail' && !this.faults.selfTestCleared) this.flag('SR-14.selftest', p.t, () => `motor on after a boot self-test that must have failed (injection present through the boot at t=${this.faults.bootAt})`);
    if (p.t < this.faults.bootAt + BOOT_MS - 50) this.flag('SR-14.selftest', p.t, () => `motor on ${p.t - this.faults.bootAt} ms after power-up, before the self-test could end`);
    const quiet = p.t - this.link.lastRenewal;
    if (quiet > LEASE_MS - EDGE_MS) this.link.leaseLapsed(quiet > LEASE_MS + EDGE_MS);
    if (quiet > LEASE_MS + EDGE_MS) this.flag('SR-11.lease', p.t, () => `motor on ${quiet} ms after the last well-formed host command`);
    this.batteryLowSince = p.batteryPct < BATTERY_CRITICAL_PCT - 0.01 ? (this.batteryLowSince ?? p.t) : null;
    if (this.batteryLowSince !== null && p.t - this.batteryLowSince >= EDGE_MS) this.flag('SR-13.battery', p.t, () => `motor on at ${p.batteryPct.toFixed(2)} % battery`);
    this.overTempSince = p.tempC > TEMP_MAX_C + 0.01 ? (this.overTempSince ?? p.t) : null;
    if (this.overTempSince !== null && p.t - this.overTempSince >= EDGE_MS) this.flag('SR-13.temp', p.t, () => `motor on at ${p.tempC.toFixed(2)} °C`);
  }

  private checkDepth(p: Physical): void {
    const limit = p.extended ? this.depthLimit() : CEILING_UM;
    if (p.posUm > limit + DEPTH_TOL_UM) {
      this.flag('ceiling', p.t, () => `needle at ${p.posUm.toFixed(0)} µm, limit ${limit} µm (area ${this.area ?? 'none'}, cartridge ${this.cart.inserted?.rec.id ?? 'none'}) + ${DEPTH_TOL_UM}`);
    }
  }

  private checkStop(p: Physical): void {
    const at = this.stopAt;
    if (at === null || p.t - at < this.stopPeriodMs) return;
    if (p.posUm > 0.5 || p.motorOn) {
      this.flag('SR-16.stop', p.t, () => `STOP at t=${at}; ${p.t - at} ms later (one stroke period ${this.stopPeriodMs.toFixed(1)} ms) the needle is at ${p.posUm.toFixed(0)} µm, motor ${p.motorOn ? 'on' : 'off'}`);
    }
  }

  private exerciseRunning(p: Physical, dt: number): void {
    if (!p.motorOn) return;
    if (this.faults.servo !== 'none') {
      this.exercise('SR-05.window', dt);
      this.exercise('SR-05.masked', dt);
    }
    if (this.faults.motor !== 'none') {
      this.exercise('SR-06.window', dt);
      this.exercise('SR-06.masked', dt);
    }
    if (p.t - this.link.lastRenewal > LEASE_MS - 100) this.exercise('SR-11.lease', dt);
    if (p.tempC > TEMP_MAX_C - 1) this.exercise('SR-13.temp', dt);
    if (p.extended) this.exercise('SR-04.slew', dt);
    if (p.extended && this.depthSet === this.depthLimit()) this.exercise('ceiling', dt);
  }
}

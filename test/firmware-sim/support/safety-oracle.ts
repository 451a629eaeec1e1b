/**
 * An independent model of the safety rules, checked after every 1 ms step of a
 * simulated pen: it recomputes the references from the spec (slew-limited
 * depth, 40 ms rate ramp), keeps its own account of host commands and of the
 * cartridges that must never run again, and asserts the pen agrees.
 */
import { ymd } from '../../../firmware-sim/src/cartridge/verify.js';
import type { PenContext } from '../../../firmware-sim/src/machine/context.js';
import { HAZARD_FAULTS } from '../../../firmware-sim/src/pen/hazards.js';
import type { Harness } from './harness.js';

const RATE_K = 1 - Math.exp(-1 / 40);

/** The deepest the needle may be (SR-02, SR-03): the selected area's cap, the cartridge's rated max, the pen's dmax, 2.5 mm. */
function depthLimit(c: PenContext): number {
  const cap = c.profile.rows.find((r) => r.area === c.area)?.cap ?? 2500;
  return Math.min(cap, c.cart?.record.max ?? 2500, c.limits.dmax, 2500);
}

/** A failed invariant (plain comparisons: this runs over a million times per test run). */
function ok(cond: boolean, what: string, got: unknown = undefined): void {
  if (!cond) throw new Error(`invariant broken: ${what}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`);
}

/** Counters of what the walks covered. */
export interface OracleStats {
  checks: number;
  running: number;
  faulted: number;
  powerCycles: number;
  lockedStarts: number;
}

/** The model (see the file comment); call `hostCommand()` for every well-formed host command sent, `check()` after every 1 ms. */
export class SafetyOracle {
  private ref = 0;
  private rateRef = 0;
  private depthOff = 0;
  private rateOff = 0;
  private prevPos = 0;
  private prevExtended = false;
  private prevMotor = false;
  private lastHostCommand: number;
  private boots: number;
  private cartId: string | null = null;
  private cartVerified = false;
  private readonly fired = new Set<string>();
  /** Cartridges that must never run again: fired then removed or powered off (SR-08), verified then removed (SR-09), contaminated (SR-12). */
  readonly locked = new Set<string>();
  /** Hazard faults seen latched and not cleared by an accepted CLEAR_FAULT since: they survive power cycles (SR-14). */
  private readonly owed = new Set<string>();

  constructor(
    private readonly h: Harness,
    readonly stats: OracleStats,
  ) {
    this.lastHostCommand = h.pen.now();
    this.boots = h.pen.boots;
  }

  /** The host's CLEAR_FAULT was accepted. */
  cleared(): void {
    this.owed.clear();
  }

  /** A well-formed host command (one that renews the lease, SR-11) was just sent. */
  hostCommand(): void {
    this.lastHostCommand = this.h.pen.now();
  }

  /**
   * Assert every invariant of the pen's state: after a 1 ms step (`stepped`), or after a
   * command without time passing (then the references and windows do not move).
   */
  check(label: string, stepped = true): void {
    const s = this.h.pen.snapshot();
    const c = s.context;
    this.stats.checks++;
    if (this.h.pen.boots !== this.boots) {
      // Power lost: every fired cartridge is refused for good (SR-08); the references restart.
      this.boots = this.h.pen.boots;
      this.stats.powerCycles++;
      for (const id of this.fired) this.locked.add(id);
      this.prevExtended = false;
      this.prevMotor = false;
    }
    const id = c.cart?.record.id ?? null;
    if (id !== this.cartId) {
      if (this.cartId !== null && (this.fired.has(this.cartId) || this.cartVerified)) this.locked.add(this.cartId);
      this.cartId = id;
    }
    this.cartVerified = c.cart?.verified ?? false;
    if (id !== null && c.faults.includes('FLUID_INGRESS')) this.locked.add(id);
    for (const f of c.faults) if (HAZARD_FAULTS.includes(f)) this.owed.add(f);

    // SR-04: the reference moves at most 1 µm/ms towards the setpoint, from 0 at START; the
    // needle itself never faster while extended; 2.5 mm and the limits are never exceeded.
    if (stepped) {
      this.ref = this.prevExtended ? this.ref + Math.max(-1, Math.min(1, Math.min(c.depthUm, 2500) - this.ref)) : 0;
      if (this.prevExtended) ok(Math.abs(s.refUm - this.ref) < 1e-6, `${label}: SR-04 depth reference`, [s.refUm, this.ref]);
      if (s.extended && this.prevExtended) ok(Math.abs(s.trueDepthUm - this.prevPos) <= 1 + 1e-9, `${label}: SR-04 needle speed`, [this.prevPos, s.trueDepthUm]);
    }
    ok(s.trueDepthUm <= 2500, `${label}: hardware ceiling`, s.trueDepthUm);
    ok(s.trueDepthUm <= depthLimit(c) + 1e-6, `${label}: SR-02/SR-03 depth limit ${depthLimit(c)}`, s.trueDepthUm);
    this.prevPos = s.trueDepthUm;
    this.prevExtended = s.extended;

    if (s.motorOn && stepped && this.prevMotor) {
      this.stats.running++;
      // SR-05: never more than 50 ms (+ the step that latches) off the reference by > 150 µm.
      this.depthOff = Math.abs(s.measuredUm - this.ref) > 150 ? this.depthOff + 1 : 0;
      ok(this.depthOff <= 50, `${label}: SR-05 window`, this.depthOff);
      // SR-06: the rate reference follows the setpoint with 40 ms from 0 at START; > 10 % off for > 200 ms faults.
      this.rateRef += (c.rateHz - this.rateRef) * RATE_K;
      this.rateOff = Math.abs(s.measuredHz - this.rateRef) > 0.1 * c.rateHz ? this.rateOff + 1 : 0;
      ok(this.rateOff <= 200, `${label}: SR-06 window`, this.rateOff);
    }
    if (s.motorOn) {
      // SR-11: a well-formed host command within the last 500 ms.
      ok(s.t - this.lastHostCommand <= 501, `${label}: SR-11 lease`, s.t - this.lastHostCommand);
      // SR-02, SR-07, SR-14: an area, a verified seated cartridge, no latched fault, a passed self-test.
      ok(c.area !== null, `${label}: SR-02 area`);
      ok(c.cart?.verified === true && c.cart.seated, `${label}: SR-07 cartridge`, c.cart);
      ok(c.faults.length === 0, `${label}: SR-14 faults`, c.faults);
      ok(this.owed.size === 0, `${label}: SR-14 hazard faults never cleared by the host`, [...this.owed]);
      ok(c.selfTest === 'PASS', `${label}: SR-14 self-test`, c.selfTest);
      // SR-08, SR-09, SR-12: never a cartridge that must not run again.
      ok(!this.locked.has(id!), `${label}: SR-08/09/12 ${id} must not run`);
      this.fired.add(id!);
      if (!this.prevMotor) {
        // At START: in date by the pen's calendar (SR-07) and at least 10 % battery (SR-13).
        ok(c.cart?.status === 'OK', `${label}: SR-07 at START`, c.cart?.status);
        ok(ymd(new Date(s.calendarMs)) <= c.cart!.record.exp, `${label}: SR-07 expiry at START`, ymd(new Date(s.calendarMs)));
        ok(c.batteryPct >= 10, `${label}: SR-13 at START`, c.batteryPct);
      }
    } else {
      this.depthOff = 0;
      this.rateOff = 0;
      this.rateRef = 0;
      this.ref = 0;
    }
    if (s.state === 'FAULT') this.stats.faulted++;
    this.prevMotor = s.motorOn;
  }
}

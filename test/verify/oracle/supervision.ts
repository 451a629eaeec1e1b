/**
 * The oracle's own supervision of the needle and the motor (SR-04, SR-05,
 * SR-06), computed from the physical truth the simulator exposes (true needle
 * depth, motor speed) and the setpoints the pen accepted. The references are
 * those PROTOCOL.md defines: depth starts at 0 at START and moves at most
 * 1 mm/s towards the setpoint; the rate follows the setpoint with a 40 ms time
 * constant from 0 at START. Thresholds carry a small margin over the pen's
 * (sensor noise ±8 µm, the skin's 2 % load, one step of ordering), so a pen
 * that meets the rule is never flagged.
 */
import {
  DEPTH_TOL_UM, DEPTH_WINDOW_MS, RATE_REF_TAU_MS, RATE_TOL, RATE_WINDOW_MS, SLEW_UM_PER_MS,
} from './spec.js';

/** Margins of the oracle over the pen's own thresholds. */
const DEPTH_MARGIN_UM = 20;
const DEPTH_LATE_MS = 10;
const RATE_MARGIN = 0.02;
const RATE_LATE_MS = 20;
const SLEW_MARGIN = 0.02;
/** A deviation left unsupervised this long is "masked", not merely late, ms. */
export const MASKED_MS = 1000;

/** What one step of supervision found. */
export interface SupervisionFinding {
  id: 'SR-04.slew' | 'SR-05.window' | 'SR-05.masked' | 'SR-06.window' | 'SR-06.masked';
  detail: () => string;
}

/** The physical truth of one step. */
export interface PhysicalStep {
  t: number;
  posUm: number;
  extended: boolean;
  motorOn: boolean;
  hz: number;
}

/** Reference tracking and deviation timers. */
export class Supervision {
  depthRef = 0;
  rateRef = 0;
  /** False after a setpoint the oracle could not follow; true again after the next retraction. */
  depthKnown = true;
  rateKnown = true;
  private depthOffSince: number | null = null;
  private rateOffSince: number | null = null;
  private prevPos = 0;
  private prevExtended = false;
  /** Reused between steps: this runs every simulated ms. */
  private readonly findings: SupervisionFinding[] = [];

  /** Forget the references after a setpoint was lost (answer not received). */
  lose(what: 'depth' | 'rate'): void {
    if (what === 'depth') this.depthKnown = false;
    else this.rateKnown = false;
  }

  /**
   * Advance the references by dt ms with the accepted setpoints and check the
   * step; `slipUmPerMs` is an injected mechanical slip that may pull the needle
   * shallower (not commanded by the firmware, and in the safe direction).
   */
  step(p: PhysicalStep, dt: number, depthSet: number | null, rateSet: number | null, slipUmPerMs: number): readonly SupervisionFinding[] {
    const out = this.findings;
    out.length = 0;
    const move = p.posUm - this.prevPos;
    // SR-04: never deeper faster than the slew limit; never shallower faster while extended.
    if (move > (SLEW_UM_PER_MS + SLEW_MARGIN) * dt) {
      out.push({ id: 'SR-04.slew', detail: () => `needle moved ${move.toFixed(2)} µm deeper in ${dt} ms (limit ${SLEW_UM_PER_MS} µm/ms)` });
    } else if (p.extended && this.prevExtended && -move > (SLEW_UM_PER_MS + SLEW_MARGIN + slipUmPerMs) * dt) {
      out.push({ id: 'SR-04.slew', detail: () => `needle moved ${(-move).toFixed(2)} µm shallower in ${dt} ms while extended (limit ${SLEW_UM_PER_MS} µm/ms)` });
    }
    this.prevPos = p.posUm;
    this.prevExtended = p.extended;
    this.stepDepth(p, dt, depthSet, out);
    this.stepRate(p, dt, rateSet, out);
    return out;
  }

  /** A power cut retracts at once; the next move is measured from 0. */
  powerCycle(posUm: number): void {
    this.prevPos = posUm;
    this.prevExtended = false;
  }

  private stepDepth(p: PhysicalStep, dt: number, depthSet: number | null, out: SupervisionFinding[]): void {
    if (!p.extended) {
      this.depthRef = 0;
      this.depthKnown = true;
      this.depthOffSince = null;
      return;
    }
    if (depthSet === null || !this.depthKnown) {
      this.depthKnown = false;
      this.depthOffSince = null;
      return;
    }
    const maxStep = SLEW_UM_PER_MS * dt;
    this.depthRef += Math.max(-maxStep, Math.min(maxStep, depthSet - this.depthRef));
    const off = Math.abs(p.posUm - this.depthRef);
    if (off <= DEPTH_TOL_UM + DEPTH_MARGIN_UM) {
      this.depthOffSince = null;
      return;
    }
    this.depthOffSince ??= p.t;
    const long = p.t - this.depthOffSince;
    const ref = this.depthRef;
    const what = () => `needle at ${p.posUm.toFixed(0)} µm, reference ${ref.toFixed(0)} µm (setpoint ${depthSet}), off by more than ${DEPTH_TOL_UM} µm for ${long} ms`;
    if (long > MASKED_MS) out.push({ id: 'SR-05.masked', detail: () => `${what()}, still running` });
    else if (long > DEPTH_WINDOW_MS + DEPTH_LATE_MS) out.push({ id: 'SR-05.window', detail: () => `${what()} without DEPTH_TOLERANCE` });
  }

  private stepRate(p: PhysicalStep, dt: number, rateSet: number | null, out: SupervisionFinding[]): void {
    if (!p.motorOn) {
      this.rateRef = 0;
      this.rateKnown = true;
      this.rateOffSince = null;
      return;
    }
    if (rateSet === null || !this.rateKnown) {
      this.rateKnown = false;
      this.rateOffSince = null;
      return;
    }
    this.rateRef += (rateSet - this.rateRef) * (1 - Math.exp(-dt / RATE_REF_TAU_MS));
    const off = Math.abs(p.hz - this.rateRef);
    if (off <= (RATE_TOL + RATE_MARGIN) * rateSet) {
      this.rateOffSince = null;
      return;
    }
    this.rateOffSince ??= p.t;
    const long = p.t - this.rateOffSince;
    const ref = this.rateRef;
    const what = () => `motor at ${p.hz.toFixed(1)} Hz, reference ${ref.toFixed(1)} Hz (setpoint ${rateSet}), off by more than ${RATE_TOL * 100} % for ${long} ms`;
    if (long > MASKED_MS) out.push({ id: 'SR-06.masked', detail: () => `${what()}, still running` });
    else if (long > RATE_WINDOW_MS + RATE_LATE_MS) out.push({ id: 'SR-06.window', detail: () => `${what()} without RATE_DEVIATION` });
  }
}

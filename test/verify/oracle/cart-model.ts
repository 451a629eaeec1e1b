/**
 * The oracle's own record of cartridges (SR-07, SR-08, SR-09, SR-12): which
 * one is physically in the pen (from the SIM_CART commands the pen accepted),
 * and which ids fired, were removed after verification, were contaminated or
 * used up, whatever the pen's non-volatile memory says.
 */
import {
  CART_LIFE_MS, FACTORY_USED_IDS, SAMPLES, VERIFY_MS, recordDefect, ymdOf, type CartRecordData,
} from './spec.js';

/** The physically inserted cartridge. */
export interface InsertedCart {
  rec: CartRecordData;
  seated: boolean;
  /** When its verification is due (insertion or power-up + 150 ms). */
  verifyDue: number;
  /** True when a power cycle near the due time left it unclear whether it was verified. */
  verifyInDoubt: boolean;
  /** When it was last unseated, and whether the motor ran then. */
  unseatedAt: number;
  unseatedWhileRunning: boolean;
}

/** Margin around edges whose exact ms depends on the pen's step order. */
const EDGE_MS = 2;

/** What the oracle knows about cartridges. */
export class CartModel {
  /** False when a SIM_CART answer was lost: what is inserted is not known. */
  known = true;
  inserted: InsertedCart | null = null;
  /** When the last cartridge left the pen, and whether the motor ran then. */
  removedAt = -Infinity;
  removedWhileRunning = false;
  readonly fired = new Set<string>();
  /** Fired, then removed or powered off: refused for good (SR-08). */
  readonly usedForGood = new Set<string>(FACTORY_USED_IDS);
  /** Removed after it passed verification, or at 60 min needle-on (SR-09). */
  readonly spent = new Set<string>();
  /** Fluid past the membrane (SR-12), with the time. */
  readonly contaminated = new Map<string, number>();
  /** Removed so close to its verification that either reading of SR-09 holds. */
  readonly inDoubt = new Set<string>();
  readonly needleOnMs = new Map<string, number>();
  /** Fluid got past the inserted cartridge's membrane and it has not been removed since (SR-12's condition). */
  fluidInPen = false;

  /** The pen was made with this cartridge inserted. */
  constructor(initial: string | null) {
    if (initial !== null) this.insert(initial, 0);
  }

  insert(id: string, t: number): void {
    const rec = SAMPLES.get(id);
    this.known = rec !== undefined;
    this.inserted = rec ? { rec, seated: true, verifyDue: t + VERIFY_MS, verifyInDoubt: false, unseatedAt: -Infinity, unseatedWhileRunning: false } : null;
  }

  remove(t: number, running: boolean, calendarAt: (t: number) => number): void {
    const ins = this.inserted;
    this.inserted = null;
    this.fluidInPen = false;
    this.removedAt = t;
    this.removedWhileRunning = running;
    if (!ins) return;
    const id = ins.rec.id;
    // Fluid the pen could not have sensed yet (removed within its sampling step) is not required to be recorded.
    const fluidAt = this.contaminated.get(id);
    if (fluidAt !== undefined && t - fluidAt < EDGE_MS) this.contaminated.delete(id);
    if (this.fired.has(id)) this.usedForGood.add(id);
    if (ins.verifyInDoubt || Math.abs(t - ins.verifyDue) <= EDGE_MS) this.inDoubt.add(id);
    else if (t > ins.verifyDue && this.wouldPass(ins.rec, calendarAt(ins.verifyDue))) this.spent.add(id);
  }

  setSeated(on: boolean, t: number, running: boolean): void {
    if (!this.inserted) return;
    this.inserted.seated = on;
    if (on) return;
    this.inserted.unseatedAt = t;
    this.inserted.unseatedWhileRunning = running;
  }

  /**
   * Power-up: a fired cartridge is used for good; the pen reads and verifies the
   * cartridge again (what it knew of the earlier verification was volatile).
   */
  powerCycle(t: number): void {
    const ins = this.inserted;
    if (!ins) return;
    if (this.fired.has(ins.rec.id)) this.usedForGood.add(ins.rec.id);
    ins.verifyDue = t + VERIFY_MS;
  }

  /** The motor ran dt ms (0: it just started) with the inserted cartridge. */
  ran(dt: number): void {
    if (!this.known || !this.inserted) return;
    const id = this.inserted.rec.id;
    this.fired.add(id);
    const on = (this.needleOnMs.get(id) ?? 0) + dt;
    this.needleOnMs.set(id, on);
    if (on > CART_LIFE_MS + 1000) this.spent.add(id);
  }

  /** Why the inserted cartridge may not run at `t` (SR-07/08/09/12), with the invariant it breaks, or null. */
  refusal(t: number): { id: 'SR-07.cartridge' | 'SR-08.reuse' | 'SR-09.spent' | 'SR-10.removed' | 'SR-12.contaminated'; why: string } | null {
    if (!this.known) return null;
    const ins = this.inserted;
    if (!ins) {
      if (t - this.removedAt < EDGE_MS) return null;
      return { id: this.removedWhileRunning ? 'SR-10.removed' : 'SR-07.cartridge', why: 'no cartridge inserted' };
    }
    const id = ins.rec.id;
    if (!ins.seated && t - ins.unseatedAt >= EDGE_MS) {
      return { id: ins.unseatedWhileRunning ? 'SR-10.removed' : 'SR-07.cartridge', why: `cartridge ${id} not seated` };
    }
    const defect = recordDefect(ins.rec);
    if (defect) return { id: 'SR-07.cartridge', why: `cartridge ${id}: ${defect}` };
    if (t < ins.verifyDue - 10) return { id: 'SR-07.cartridge', why: `cartridge ${id} running ${ins.verifyDue - t} ms before its verification could end` };
    const fluidAt = this.contaminated.get(id);
    if (fluidAt !== undefined && t - fluidAt >= EDGE_MS) return { id: 'SR-12.contaminated', why: `cartridge ${id} had fluid past its membrane at t=${fluidAt}` };
    if (this.usedForGood.has(id)) return { id: 'SR-08.reuse', why: `cartridge ${id} fired before and left the pen (or the pen was powered off) since` };
    if (this.spent.has(id) && !this.inDoubt.has(id)) return { id: 'SR-09.spent', why: `cartridge ${id} was removed after verification or used up` };
    return null;
  }

  /** Whether a verification at calendar date `today` passes on this record and the oracle's registry. */
  private wouldPass(rec: CartRecordData, today: number): boolean {
    return recordDefect(rec) === null && today <= rec.exp && !this.usedForGood.has(rec.id)
      && !this.spent.has(rec.id) && !this.contaminated.has(rec.id);
  }
}

/** The pen's calendar date at pen time t, given its epoch and the calendar moves the pen accepted. */
export function calendarDate(epochMs: number, offsetMs: number, t: number): number {
  return ymdOf(epochMs + offsetMs + t);
}

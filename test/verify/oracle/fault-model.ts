/**
 * The oracle's record of faults (SR-14): which faults the pen announced as
 * latched (EVT ev=FAULT), which were cleared by an accepted CLEAR_FAULT, the
 * hardware faults the host injected (and so whether a fault's condition is
 * still present), and what the boot self-test must have found.
 */
import { faultCodes } from '../../../protocol/src/index.js';
import { BATTERY_CRITICAL_PCT, BOOT_MS, HAZARD_FAULTS, TEMP_CLEAR_C } from './spec.js';

/** An injected hardware fault as far as the oracle knows: present, absent, or unknown (its answer was lost). */
export type Injection<T extends string> = T | 'none' | 'unknown';

/** The physical facts a fault's condition depends on. */
export interface ConditionView {
  tempC: number;
  batteryPct: number;
  /** The cartridge with fluid past its membrane is still inserted. */
  contaminatedInserted: boolean;
  /** The registry cannot be written (NVM_FAIL injected, or its storage broken). */
  nvmUnwritable: boolean;
}

/** Latched faults, injections and the self-test. */
export class FaultModel {
  /** Fault code → pen time it was announced. */
  readonly latched = new Map<string, number>();
  /** Latched faults the pen may not have been able to record (non-volatile memory unwritable since they latched). */
  private readonly unrecorded = new Set<string>();
  servo: Injection<'drift' | 'stuck'> = 'none';
  driftUmPerMs = 0;
  motor: Injection<'stall' | 'overload'> = 'none';
  /** Order of events: injections and power-ups, to tell an injection before a power-up from one during its boot. */
  private clock = 0;
  private injectionChangedAt = -1;
  private bootStamp = 0;
  bootAt = 0;
  /** What the self-test of the last boot must say: pass, fail, or either (an injection came or went during boot). */
  selfTest: 'pending' | 'pass' | 'fail' | 'unknown' = 'pending';
  /** Cleared since the self-test failed. */
  selfTestCleared = false;

  /** EVT ev=FAULT: its code and, from a pen that sends it, every latched fault (§11). */
  announced(code: string | undefined, mask: string | undefined, t: number, nvmUnwritable: boolean): void {
    const codes = [...(code ? [code] : []), ...(mask ? faultCodes(mask).codes : [])];
    for (const c of codes) {
      this.latched.set(c, this.latched.get(c) ?? t);
      if (nvmUnwritable) this.unrecorded.add(c);
    }
  }

  /** Non-volatile memory became unwritable (or may have): faults latched so far may not be recorded. */
  nvmUnwritable(): void {
    for (const c of this.latched.keys()) this.unrecorded.add(c);
  }

  /** CLEAR_FAULT sent at `sentAt` was accepted: every fault latched before it is cleared. */
  cleared(sentAt: number): void {
    for (const [code, at] of this.latched) {
      if (at > sentAt) continue;
      this.latched.delete(code);
      this.unrecorded.delete(code);
    }
    // A failed self-test is cleared only once its cause is gone (PROTOCOL.md, Faults: SELF_TEST).
    if (this.selfTest === 'fail' && !this.injected()) this.selfTestCleared = true;
  }

  /** A servo or motor fault may be injected now. */
  private injected(): boolean {
    return this.servo !== 'none' || this.motor !== 'none';
  }

  /** The latched faults whose condition the oracle knows to be present. */
  present(v: ConditionView): string[] {
    const servo = this.servo === 'drift' || this.servo === 'stuck';
    const motor = this.motor === 'stall' || this.motor === 'overload';
    const out: string[] = [];
    for (const code of this.latched.keys()) {
      const on =
        code === 'DEPTH_TOLERANCE' ? servo
        : code === 'RATE_DEVIATION' ? motor
        : code === 'SELF_TEST' ? servo || motor
        : code === 'FLUID_INGRESS' ? v.contaminatedInserted
        : code === 'OVER_TEMP' ? v.tempC > TEMP_CLEAR_C + 0.3
        : code === 'BATTERY_CRITICAL' ? v.batteryPct < BATTERY_CRITICAL_PCT - 0.05
        : code === 'NVM_WRITE' ? v.nvmUnwritable
        : code === 'NVM_INTEGRITY';
      if (on) out.push(code);
    }
    // The boot self-test failed (whether or not the pen announced it) and its cause is still there.
    const cause = this.servo === 'drift' || this.servo === 'stuck' || this.motor === 'stall' || this.motor === 'overload';
    if (this.selfTest === 'fail' && !this.selfTestCleared && cause && !out.includes('SELF_TEST')) out.push('SELF_TEST (boot self-test failed)');
    return out;
  }

  inject(what: 'servo' | 'motor', value: string, driftUmPerS = 0): void {
    if (what === 'servo') {
      this.servo = value as FaultModel['servo'];
      this.driftUmPerMs = value === 'drift' || value === 'unknown' ? Math.max(this.driftUmPerMs, driftUmPerS / 1000) : 0;
    } else this.motor = value as FaultModel['motor'];
    this.injectionChangedAt = ++this.clock;
  }

  /** SIM_FAULT CLEAR accepted (or maybe: its answer was lost). */
  clearInjections(certain: boolean): void {
    this.inject('servo', certain ? 'none' : 'unknown');
    this.inject('motor', certain ? 'none' : 'unknown');
    if (certain) this.driftUmPerMs = 0;
  }

  /**
   * Power-up at `t`: non-hazard faults are gone (PROTOCOL.md, Faults), and so may be hazard
   * faults the pen could not record in non-volatile memory; a new self-test starts.
   */
  powerCycle(t: number): void {
    for (const code of this.latched.keys()) if (!HAZARD_FAULTS.has(code) || this.unrecorded.has(code)) this.latched.delete(code);
    this.unrecorded.clear();
    this.bootAt = t;
    this.bootStamp = ++this.clock;
    this.selfTest = 'pending';
    this.selfTestCleared = false;
  }

  /** Settle the self-test once the boot is over: an injection present through all of it must fail it. */
  settleSelfTest(t: number): void {
    if (this.selfTest !== 'pending' || t < this.bootAt + BOOT_MS) return;
    const present = this.servo !== 'none' || this.motor !== 'none';
    const certain = this.servo !== 'unknown' && this.motor !== 'unknown';
    // An injection made after power-up (same ms or later) may come before or after the test's look at the hardware.
    if (this.injectionChangedAt > this.bootStamp || !certain) this.selfTest = 'unknown';
    else this.selfTest = present ? 'fail' : 'pass';
  }
}

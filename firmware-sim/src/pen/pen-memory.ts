/**
 * The pen core's side of its non-volatile memory (SR-08, SR-14): the registry
 * and hazard faults written through PenNvm from the machine's context, the
 * retry while writes fail (the NVM_WRITE condition), and the SIM_FAULT hooks.
 */
import type { PenContext } from '../machine/context.js';
import { PenNvm, type NvmProblem } from '../nvm/pen-nvm.js';
import type { NvmStore } from '../nvm/store.js';
import type { NvmHealth } from '../safety/monitor.js';
import { nvmImageOf } from './hazards.js';
import { NVM_RETRY_MS } from './types.js';

/** See the file comment. */
export class PenMemory {
  readonly nvm: PenNvm;
  private retryAt = 0;

  constructor(store: NvmStore, keyHex: string) {
    this.nvm = new PenNvm(store, keyHex);
  }

  /** Power-up: read and check the registry (PenNvm.boot). */
  boot(): ReturnType<PenNvm['boot']> {
    this.retryAt = 0;
    return this.nvm.boot();
  }

  /** Write the context's registry and hazard faults; the problem to latch (none if already latched), or null. Never throws. */
  persist(c: PenContext): NvmProblem | null {
    const p = this.nvm.write(nvmImageOf(c));
    return p && !c.faults.includes(p.code) ? p : null;
  }

  /**
   * While writes fail, retry one every NVM_RETRY_MS with what the pen keeps in RAM; true when
   * one just succeeded (NVM_WRITE's condition is gone). A sensor-side check: no command's
   * refusal ever changes state (SR-15).
   */
  retry(now: number, c: PenContext): boolean {
    if (!this.nvm.writeFailing || now < this.retryAt) return false;
    this.retryAt = now + NVM_RETRY_MS;
    return this.nvm.write(nvmImageOf(c)) === null;
  }

  /** SIM_FAULT NVM_FAIL (on) and CLEAR (off: the next step tries again). */
  setFail(on: boolean): void {
    this.nvm.failWrites = on;
    if (!on) this.retryAt = 0;
  }

  /** SIM_FAULT NVM_WIPE. */
  wipe(): void {
    this.nvm.wipe();
  }

  /**
   * What the NVM faults' conditions look at. Writes count as failing while the last one failed
   * or the flash refuses them now (what a trial write would show: SIM_FAULT NVM_FAIL), so a
   * CLEAR_FAULT that arrives before the next write is not accepted on stale health (SR-14).
   */
  get health(): NvmHealth {
    return { broken: this.nvm.broken !== null, writeFailing: this.nvm.writeFailing || this.nvm.failWrites };
  }
}

/**
 * A deliberately broken pen for proving that the suite catches one: the real
 * simulator, unchanged, given a non-volatile memory that forgets which
 * cartridges were fired. That disables SR-08's lockout across power cycles
 * (and SR-09's "spent for good") without touching firmware-sim.
 */
import { MemoryNvm, type NvmData, type NvmStore } from '../../firmware-sim/src/cartridge/nvm.js';
import { SimPen, type SimPenOptions } from '../../firmware-sim/src/pen/sim-pen.js';

/** NVM whose writes drop the used-cartridge registry: a flash that never retains what was recorded. */
export class ForgetfulNvm implements NvmStore {
  readonly label = 'forgetful (broken: loses the used-cartridge registry)';
  private readonly inner = new MemoryNvm();

  load(): NvmData {
    return this.inner.load();
  }

  save(data: NvmData): void {
    this.inner.save({ ...data, used: {} });
  }
}

/** Build a SimPen whose SR-08 reuse lockout does not survive a power cycle. */
export function brokenReuseLockoutPen(opts: SimPenOptions): SimPen {
  return new SimPen({ ...opts, nvm: new ForgetfulNvm() });
}

/**
 * The built-in simulated pen: firmware-sim's serialport binding. Each open is a
 * fresh power-on with an in-memory NVM and a valid sealed N16 cartridge seated,
 * so a demo can start right away; the engineering panel swaps cartridges.
 */
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { createSimBinding } from '../../firmware-sim/src/node/sim-binding.js';

/** Sample cartridge seated at power-on of the console's simulated pen. */
export const SIM_DEFAULT_CARTRIDGE = 'N16-OK-01';

let binding: BindingInterface | null = null;

/** The simulator binding (created once per process). */
export function simBinding(): BindingInterface {
  binding ??= createSimBinding({ cartridge: SIM_DEFAULT_CARTRIDGE }) as unknown as BindingInterface;
  return binding;
}

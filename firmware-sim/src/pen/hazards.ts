/**
 * Which latched faults are hazards of the pen itself and survive a power cycle
 * (SR-14), and the registry image the pen writes to NVM from its context.
 */
import type { FaultCode } from '../../../protocol/src/index.js';
import type { PenContext } from '../machine/context.js';
import type { NvmData } from '../nvm/image.js';

/**
 * SR-14: faults persisted in NVM until CLEAR_FAULT is accepted. CART_REMOVED, CART_UNSEATED,
 * LINK_LOST and BATTERY_CRITICAL are events, not hazards of the pen: a power cycle clears them.
 */
export const HAZARD_FAULTS: readonly FaultCode[] = [
  'DEPTH_TOLERANCE', 'RATE_DEVIATION', 'FLUID_INGRESS', 'OVER_TEMP', 'SELF_TEST', 'NVM_WRITE', 'NVM_INTEGRITY',
];

/** The NVM image of the pen's state: the registry and the latched hazard faults. */
export function nvmImageOf(c: PenContext): NvmData {
  return { ...c.registry, faults: c.faults.filter((f) => HAZARD_FAULTS.includes(f)) };
}

/** Public surface of the pen simulator (Node). */
export { SimPen, createSimPen, BOOT_MS, VERIFY_MS, LEASE_MS, CART_LIFE_MS, STEP_MS } from './pen/sim-pen.js';
export type { SimPenOptions, PenSnapshot } from './pen/sim-pen.js';
export { SimBinding, createSimBinding, optionsFromPath, SimPortBinding } from './node/sim-binding.js';
export type { SimBindingOptions } from './node/sim-binding.js';
export { runRealtime, UartThrottle, type ClockMode } from './node/realtime.js';
export { FileNvm, defaultNvmPath } from './node/file-nvm.js';
export { MemoryNvm, type NvmStore, type NvmSlot, type NvmIo } from './nvm/store.js';
export { factoryNvm, DEVICE_KEY_HEX, type NvmData, type UsedEntry } from './nvm/image.js';
export { PenNvm, factoryReset, type NvmProblem } from './nvm/pen-nvm.js';
export { FULL_LIMITS, type PenLimits } from './machine/limits.js';
export { SAMPLE_CARTRIDGES, sampleCartridge, type SampleCartridge } from './cartridge/samples.js';
export { CART_TYPE_SPEC, type CartRecord } from './cartridge/record.js';
export { STORED_PROFILES, DEFAULT_PROFILE, parseProfile, type Profile, type AreaRow } from './profiles/profile.js';
export { penMachine } from './machine/pen.machine.js';
export { reportedState } from './machine/reported-state.js';

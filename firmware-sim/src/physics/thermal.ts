/** Handpiece surface temperature: first-order towards ambient plus motor heating (SR-13 watches it). */

/** Ambient, °C. */
export const AMBIENT_C = 24;
/** Thermal time constant, ms (small handpiece, aluminium body). */
export const THERMAL_TAU_MS = 60_000;
/** Equilibrium rise per Hz of stroke rate, °C (150 Hz → +9 °C, well under 43 °C). */
export const RISE_PER_HZ = 0.06;
/** Extra equilibrium rise per unit of relative load (contact, overload). */
export const RISE_PER_LOAD = 8;

/** Advance the temperature by dt ms; `extraC` is an injected heat source (SIM_FAULT OVERTEMP). */
export function stepThermal(tempC: number, motorHz: number, load: number, extraC: number, dt: number): number {
  const eq = AMBIENT_C + motorHz * RISE_PER_HZ + load * RISE_PER_LOAD + extraC;
  return tempC + (eq - tempC) * (1 - Math.exp(-dt / THERMAL_TAU_MS));
}

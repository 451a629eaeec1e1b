/** The pen states most safety tests start from. */
import { expect } from 'vitest';
import type { SimPenOptions } from '../../../firmware-sim/src/pen/sim-pen.js';
import { Harness } from './harness.js';

/** A pen that powers up with a good 12-pin cartridge inserted. */
export const READY: SimPenOptions = { cartridge: 'N12-OK-01' };

/** A handshaken pen running at `depth` µm in `area` (SR-02: START needs one) with 200 Hz telemetry, 1.5 s after START. */
export function running(opts: SimPenOptions = READY, depth = 1000, area = 'BODY'): Harness {
  const h = new Harness(opts).ready();
  h.cmd('TLM_RATE', { hz: 200 });
  expect(h.cmd('SET_AREA', { area }).kind).toBe('ACK');
  expect(h.cmd('SET_DEPTH', { um: depth }).kind).toBe('ACK');
  expect(h.cmd('START').kind).toBe('ACK');
  h.run(1500);
  return h;
}

/**
 * The pen as the runner sees it: the simulator's public surface (tests wrap it
 * to build deliberately broken pens), and the two readings taken from its
 * snapshot: the physical truth the oracle checks, and the externally visible
 * settings compared before and after a refused command.
 */
import type { PenSnapshot, SimPenOptions } from '../../firmware-sim/src/pen/sim-pen.js';
import type { Observable } from './oracle/commands.js';
import type { Physical } from './oracle/oracle.js';

/** What the runner drives: the simulator's public surface (a test may wrap it). */
export interface PenUnderTest {
  receiveLine(line: string): void;
  advance(ms: number): void;
  onOutput(fn: (text: string) => void): () => void;
  snapshot(): PenSnapshot;
  powerCycle(): void;
  readonly boots: number;
  /** The statechart's status: an action that threw leaves it in 'error' (XState rethrows later, outside the call). */
  machineSnapshot?(): { status: string; error?: unknown };
}

/** Errors of pens already recorded as SR-15.crash, which XState rethrows later from a timer: a process may ignore these. */
export const RECORDED_PEN_ERRORS = new WeakSet<object>();

/** Builds the pen of a run (tests substitute broken pens). */
export type PenFactory = (opts: SimPenOptions) => PenUnderTest;

/** The pen's externally visible settings, for SR-15's "a refused command changes nothing". */
export function observable(s: PenSnapshot): Observable {
  const c = s.context as unknown as Record<string, unknown> | undefined;
  const cart = c?.['cart'] as { record?: { id?: string }; status?: string; seated?: boolean } | null | undefined;
  const faults = c?.['faults'];
  return {
    state: s.state, motorOn: s.motorOn, extended: s.extended, depthUm: s.depthUm, rateHz: s.rateHz, tlmHz: s.tlmHz,
    area: (c?.['area'] as string | null | undefined) ?? null,
    faults: Array.isArray(faults) ? [...(faults as string[])].sort().join(',') : null,
    cart: cart ? `${cart.record?.id}/${cart.status}/${cart.seated}` : 'none',
    profile: ((c?.['profile'] as { name?: string } | undefined)?.name) ?? null,
  };
}

/** The physical truth the oracle may read. */
export function physical(s: PenSnapshot): Physical {
  return { t: s.t, posUm: s.trueDepthUm, extended: s.extended, motorOn: s.motorOn, hz: s.measuredHz, tempC: s.tempC, batteryPct: s.batteryPct };
}

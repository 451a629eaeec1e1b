/**
 * The person at the bench (--operator): physical actions the protocol cannot
 * do on a real pen (fit a fresh cartridge, pull it out while running, switch
 * the pen off and on). The harness asks, then waits for the pen itself to
 * report the change; it never takes the person's word for it.
 */
import type { CartRequest } from './cartridges.js';

/** The physical actions a case may ask for. */
export type OperatorAction =
  | 'insert-fresh'
  | 'insert-sample'
  | 'reinsert'
  | 'remove'
  | 'remove-running'
  | 'unseat-running'
  | 'reseat'
  | 'power-cycle'
  | 'charger-on'
  | 'charger-off';

/** One request to the person at the bench. */
export interface OperatorRequest {
  action: OperatorAction;
  /** What to do, in words, e.g. `Insert a fresh cartridge rated ≥ 1.00 mm`. */
  text: string;
  /** insert-sample: the QA sample wanted (its id in the sample catalogue). */
  sample?: string;
  /** insert-fresh: what the cartridge must be. */
  cart?: CartRequest;
  /** reinsert: the cartridge to put back. */
  id?: string;
}

/** Someone who does physical actions when asked. */
export interface Operator {
  /** How long to wait for the pen to report the change, ms of the target's time. */
  readonly timeoutMs: number;
  ask(req: OperatorRequest): void;
}

/** The CLI's operator: prints the request for the person at the bench. */
export class ConsoleOperator implements Operator {
  constructor(
    private readonly print: (text: string) => void,
    readonly timeoutMs = 120_000,
  ) {}

  ask(req: OperatorRequest): void {
    this.print(`\x07OPERATOR ▶ ${req.text}. Waiting up to ${Math.round(this.timeoutMs / 1000)} s for the pen to report it.\n`);
  }
}

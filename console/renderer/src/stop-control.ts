/**
 * The console's one way to send STOP from the page, shared by every Stop
 * button and the Esc key: the pen's answer (or why it could not be sent) is
 * kept so that whichever Stop control is on screen shows it. SR-16: the pen
 * accepts STOP in every state; the console never holds it back.
 */
import type { CommandResult, PenApi } from '../../shared/index.js';

/** What the last Stop came back with. */
export interface StopOutcome {
  /** Page time it was asked for (performance.now). */
  at: number;
  pending: boolean;
  result: CommandResult | null;
}

/** Sends STOP and keeps its outcome. */
export class StopControl {
  private outcome: StopOutcome | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: Pick<PenApi, 'stop'>) {}

  /** Sends STOP now, whatever else is in flight (the session puts it ahead of every queued command). */
  async stop(): Promise<CommandResult> {
    const at = performance.now();
    this.set({ at, pending: true, result: null });
    let result: CommandResult;
    try {
      result = await this.api.stop();
    } catch (e) {
      result = { ok: false, code: 'FAILED', message: (e as Error).message };
    }
    // A later Stop's outcome is the one to show.
    if (this.outcome?.at === at) this.set({ at, pending: false, result });
    return result;
  }

  readonly subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  readonly getOutcome = (): StopOutcome | null => this.outcome;

  private set(o: StopOutcome): void {
    this.outcome = o;
    for (const l of this.listeners) l();
  }
}

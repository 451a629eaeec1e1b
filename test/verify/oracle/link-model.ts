/**
 * The oracle's own model of the pen's link rules (PROTOCOL.md §6, §9, §10,
 * §12): the handshake gate, the time of the last lease-renewing command, the
 * engineering session and the retransmission memory. It is updated from the
 * lines the host sent and the answers it got, never from the pen's internals.
 * Where the specification leaves a choice to the pen, the model says
 * "unknown" and the invariants that depend on it are not checked.
 */
import { PROTO_VERSION, SCHEMA_HASH } from '../../../protocol/src/index.js';
import { renewsLease, type LineClass } from './line-class.js';
import { ENG_IDLE_MS, ENG_LINK_MS } from './spec.js';

/** An engineering session as far as the oracle can tell. */
export type EngSession = 'open' | 'closed' | 'unknown';

/** A remembered command (§9). */
interface Remembered {
  body: string;
  /** The answer line as first received; null when it was lost or the entry is in doubt. */
  answer: string | null;
}

/** Timing slack where the pen's step order may put an edge one or two ms either side, ms. */
const EDGE_MS = 2;
/** Only the most recent remembered commands are checked on replay (the pen keeps 64). */
const REPLAY_DEPTH = 16;

/** Gate, lease, engineering session and retransmission memory. */
export class LinkModel {
  gateOpen = false;
  /** Pen time of the last well-formed host command (SR-11). */
  lastRenewal = 0;
  eng: EngSession = 'closed';
  private lastEngCommand = 0;
  private readonly memory = new Map<number, Remembered>();

  /** Power-up: gate shut, session closed, memory empty (§6, §9, §12). */
  powerCycle(): void {
    this.gateOpen = false;
    this.eng = 'closed';
    this.memory.clear();
  }

  /** The pen may answer this line from its memory (same seq and body remembered, in doubt or not). */
  mayReplay(c: LineClass): boolean {
    const prev = c.seq === null ? undefined : this.memory.get(c.seq);
    return prev !== undefined && prev.body === c.body && c.decoded?.kind !== 'HELLO' && !c.stop;
  }

  /**
   * A line is about to be sent at `t`: returns whether it renews the lease and,
   * for a retransmission the pen must answer from memory, the remembered entry.
   */
  beforeLine(c: LineClass, t: number): { renews: boolean; replayOf: Remembered | null; gatePassed: boolean } {
    const renews = renewsLease(c, this.gateOpen);
    if (renews) {
      this.ageSession(t);
      this.lastRenewal = t;
    }
    const gatePassed = renews;
    let replayOf: Remembered | null = null;
    if (c.decoded?.kind === 'HELLO') {
      // Every HELLO clears the memory and closes the session; a matching one opens the gate (§6).
      this.memory.clear();
      this.eng = 'closed';
      this.gateOpen = c.decoded.fields.proto === PROTO_VERSION && c.decoded.fields.schema === SCHEMA_HASH;
    } else if (c.seq !== null) {
      const prev = this.memory.get(c.seq);
      const recent = [...this.memory.keys()].slice(-REPLAY_DEPTH).includes(c.seq);
      if (gatePassed && !c.stop && prev && prev.answer !== null && recent && prev.body === c.body) replayOf = prev;
    }
    if (renews && c.kind !== null && /^(ENG|SIM)_/.test(c.kind)) this.lastEngCommand = t;
    return { renews, replayOf, gatePassed };
  }

  /** After the answer (or none): remember the command as the pen may have (§9). */
  afterLine(c: LineClass, gatePassed: boolean, replayed: boolean, answer: string | null): void {
    if (c.seq === null || c.decoded?.kind === 'HELLO' || replayed) return;
    // The pen need not remember STOPs, codec refusals or gated commands, and may or may
    // not let them displace an older entry with the same seq: that entry is in doubt.
    const certain = gatePassed && !c.stop && !c.codecRefused && c.hostCommand;
    this.memory.delete(c.seq);
    this.memory.set(c.seq, { body: c.body ?? '', answer: certain ? answer : null });
    while (this.memory.size > 64) this.memory.delete(this.memory.keys().next().value as number);
  }

  /** The session closes without a command after link silence or engineering idleness (§12). */
  private ageSession(t: number): void {
    if (this.eng === 'closed') return;
    const silent = t - this.lastRenewal;
    const idle = t - this.lastEngCommand;
    if (silent > ENG_LINK_MS + EDGE_MS || idle > ENG_IDLE_MS + 1000) this.eng = 'closed';
    else if (silent > ENG_LINK_MS - EDGE_MS || idle > ENG_IDLE_MS - 1000) this.eng = 'unknown';
  }

  /** The lease ran out (or may have) while the motor ran: the session closes with it (§12). */
  leaseLapsed(certain: boolean): void {
    if (this.eng !== 'closed') this.eng = certain ? 'closed' : 'unknown';
  }

  /** An ENG_AUTH, ENG_CLOSE or engineering command got this answer (not one replayed from the pen's memory). */
  engAnswer(kind: string, answer: 'ACK' | 'NAK' | 'CHAL' | 'lost', nakCode?: string): void {
    if (kind === 'ENG_CLOSE') {
      this.eng = answer === 'ACK' ? 'closed' : answer === 'lost' && this.eng === 'open' ? 'unknown' : this.eng;
      return;
    }
    if (kind === 'ENG_AUTH') {
      if (answer === 'ACK') this.eng = 'open';
      else if (answer === 'lost') this.eng = 'unknown';
      return;
    }
    if (answer === 'NAK' && nakCode === 'LOCKED') this.eng = 'closed';
    else if (answer === 'ACK' && this.eng === 'unknown') this.eng = 'open';
  }
}

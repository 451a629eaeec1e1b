/**
 * Faults on the pen's transmit side, for testing hosts (SIM_FAULT SILENCE,
 * GARBAGE, DROP_TX, CORRUPT_TX): the link layer is correct, the wire is not.
 */
import { Rng } from '../physics/rng.js';

/** Current transmit impairments. */
export interface TxFaultConfig {
  /** Device time until which nothing is sent, ms. */
  silenceUntil: number;
  dropPct: number;
  corruptPct: number;
}

export function noTxFaults(): TxFaultConfig {
  return { silenceUntil: 0, dropPct: 0, corruptPct: 0 };
}

/** Applies the impairments to each outgoing line; counts what it did. */
export class TxImpairer {
  config = noTxFaults();
  readonly counts = { silenced: 0, dropped: 0, corrupted: 0, garbageBytes: 0 };

  constructor(private readonly rng: Rng) {}

  /** The line to put on the wire, or null to drop it. */
  apply(line: string, now: number): string | null {
    const c = this.config;
    if (now < c.silenceUntil) {
      this.counts.silenced++;
      return null;
    }
    if (c.dropPct > 0 && this.rng.next() * 100 < c.dropPct) {
      this.counts.dropped++;
      return null;
    }
    if (c.corruptPct > 0 && this.rng.next() * 100 < c.corruptPct && line.length > 3) {
      this.counts.corrupted++;
      // Flip one character between `$` and the LF: the CRC no longer matches (or the frame breaks).
      const i = 1 + this.rng.int(line.length - 2);
      const ch = line.charCodeAt(i);
      const repl = String.fromCharCode(ch === 0x58 ? 0x59 : 0x58);
      return line.slice(0, i) + repl + line.slice(i + 1);
    }
    return line;
  }

  /** `n` bytes of printable garbage without `$` (so the next frame resyncs) and without LF. */
  garbage(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) {
      let c = 0x21 + this.rng.int(94);
      if (c === 0x24) c = 0x23;
      s += String.fromCharCode(c);
    }
    this.counts.garbageBytes += n;
    return s;
  }
}

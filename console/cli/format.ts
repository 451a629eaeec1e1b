/**
 * How the pen console shows frames: one readable line each, telemetry summarised. Values come from the
 * wire, so every control character in them is shown as an escape (`\x1b`), never written to the terminal.
 */
import { decodeLine, type PenMessage } from '../../protocol/src/index.js';
import { visible } from '../shared/visible-text.js';

/** `key=value …` of a message's fields, control characters escaped. */
export function fieldText(fields: object): string {
  return Object.entries(fields as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${visible(String(v))}`)
    .join(' ');
}

/** One decoded pen frame as a line: `< ACK re=3 t=120`, `< NAK … ✗`, `* EVT FAULT code=…`. */
export function formatPenFrame(m: PenMessage): string {
  const f = { ...(m.fields as Record<string, unknown>) };
  if (m.kind === 'EVT') {
    const ev = f['ev'];
    delete f['ev'];
    return `* EVT ${String(ev)} ${fieldText(f)}`.trimEnd();
  }
  if (m.kind === 'NAK') return `< NAK ${fieldText(f)}  ✗`;
  return `< ${m.kind} ${fieldText(f)}`.trimEnd();
}

/** A decoded line of any direction, or the reason it does not decode. */
export function formatLine(line: string): string {
  const r = decodeLine(line);
  if (!r.ok) return `!! ${r.error}: ${visible(r.detail)}  "${visible(line)}"`;
  return `${r.msg.kind} seq=${r.msg.seq} ${fieldText(r.msg.fields)}`.trimEnd();
}

/**
 * Summarises telemetry: one line per period with the latest values, the frame rate and the frames lost in
 * that period. Losses come from the client's count over every pen frame (TLM, EVT and answers share one seq),
 * so the line agrees with `stats`: an ACK or EVT between two TLM frames is not a loss.
 */
export class TlmSummary {
  private count = 0;
  private last: PenMessage | null = null;
  private since: number;
  private lostAtStart: number;

  constructor(
    private readonly periodMs: number,
    now: number,
    /** The client's running count of lost pen frames. */
    private readonly lostFrames: () => number = () => 0,
  ) {
    this.since = now;
    this.lostAtStart = lostFrames();
  }

  /** Take one TLM; returns a summary line when the period is over, else null. */
  add(m: PenMessage, now: number): string | null {
    this.count++;
    this.last = m;
    if (now - this.since < this.periodMs) return null;
    return this.flush(now);
  }

  /** The summary so far (and start a new period), or null if nothing came. */
  flush(now: number): string | null {
    if (!this.last || this.count === 0) return null;
    const f = this.last.fields as Record<string, number | string>;
    const rate = (this.count * 1000) / Math.max(1, now - this.since);
    const lostTotal = this.lostFrames();
    const lost = lostTotal - this.lostAtStart;
    const line = `~ TLM ${rate.toFixed(1)}/s s=${f['s']} d=${f['d']} m=${f['m']} r=${f['r']} n=${f['n']} p=${f['p']} ` +
      `${(Number(f['c']) / 10).toFixed(1)}°C ${f['b']}%${lost > 0 ? ` lost=${lost}` : ''}`;
    this.count = 0;
    this.since = now;
    this.lostAtStart = lostTotal;
    return line;
  }
}

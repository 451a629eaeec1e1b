/** Decoded pen frames as the harness keeps them, and small helpers over them (text for messages, matching, seq-gap loss). */
import type { PenKind } from '../../../protocol/src/index.js';

/**
 * Fields of a decoded pen frame as checks read them: by name, after testing
 * the kind, across kinds (TLM `m`, EVT `code`, ACK `t`). The codec already
 * validated every value against the catalogue.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseFields = Record<string, any>;

/** A decoded pen frame. */
export interface HilMsg {
  seq: number;
  kind: PenKind;
  fields: LooseFields;
}

/** A line received from the pen, decoded when it could be. */
export interface RxFrame {
  /** Arrival time in the wire's time base, ms. */
  at: number;
  line: string;
  msg: HilMsg | null;
  error?: string;
}

/** Fields as text for messages: `um=1500 hz=120`. */
export function fieldsText(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/** A frame as text for messages and logs. */
export function frameText(f: RxFrame | HilMsg | null | undefined): string {
  if (!f) return '(nothing)';
  const msg = 'kind' in f ? f : f.msg;
  if (!msg) return `undecoded ${JSON.stringify((f as RxFrame).line)}`;
  return `${msg.kind} ${fieldsText(msg.fields as Record<string, unknown>)}`.trim();
}

/** Whether `fields` has every key/value of `want`. */
export function matches(fields: object, want: Record<string, unknown>): boolean {
  const f = fields as Record<string, unknown>;
  return Object.entries(want).every(([k, v]) => f[k] === v);
}

/** Pen frames lost according to seq gaps (a replayed answer, or a seq restarting after a reboot, is not a loss). */
export function seqLosses(frames: readonly RxFrame[]): number {
  let last: number | null = null;
  let lost = 0;
  const seen = new Set<string>();
  for (const f of frames) {
    if (!f.msg) continue;
    // A replayed answer is the identical line again (PenLink dedupe), not a new frame.
    if (seen.has(f.line)) continue;
    seen.add(f.line);
    const s = f.msg.seq;
    if (last !== null) {
      const gap = (s - last - 1 + 65536) % 65536;
      if (gap > 0 && gap < 1000) lost += gap;
    }
    last = s;
  }
  return lost;
}

/**
 * The renderer's copy of the raw lines in and out, for the protocol terminal
 * and the message inspector: each line decoded once with the protocol's own
 * codec (so the meaning shown is what the console understood), kept in a
 * bounded ring, and counted per kind for the inspector. It asks the session
 * for raw lines only while a view that shows them is open (`retain`).
 */
import { decodeLine } from '../../../protocol/src/index.js';
import { explainFault, explainNak, visible, type PenApi, type PenPush, type WireLine } from '../../shared/index.js';
import { WireStats } from '../inspector/wire-stats.js';

/** One line as the terminal shows it. */
export interface WireEntry {
  id: number;
  /** Host wall time, ms. */
  w: number;
  d: WireLine['d'];
  /** The line as on the wire, control characters escaped. */
  line: string;
  /** Message kind, or `(undecodable)` / `(note)`. */
  kind: string;
  /** Decoded meaning in words. */
  meaning: string;
  /** Decoded fields (absent for an undecodable line or a note). */
  fields?: Record<string, unknown>;
}

/** Lines kept for the terminal. */
export const WIRE_LOG_LINES = 5000;

/** The meaning of a decoded frame: its fields, and for a refusal or a fault the console's words for it. */
function meaningOf(kind: string, seq: number, fields: Record<string, unknown>): string {
  const kv = Object.entries(fields).map(([k, v]) => `${k}=${visible(String(v))}`).join(' ');
  let words = '';
  if (kind === 'NAK' && typeof fields.code === 'string') words = ` — ${explainNak(fields.code, typeof fields.max === 'number' ? { max: fields.max } : {})}`;
  if (kind === 'EVT' && fields.ev === 'FAULT' && typeof fields.code === 'string') words = ` — ${explainFault(fields.code).what}`;
  return `${kind} #${seq} ${kv}${words}`.trim();
}

/** Decodes a raw line into a terminal entry. */
export function toEntry(id: number, l: WireLine): WireEntry {
  if (l.d === 'note') return { id, w: l.w, d: l.d, line: visible(l.l), kind: '(note)', meaning: visible(l.l) };
  const r = decodeLine(l.l);
  if (!r.ok) return { id, w: l.w, d: l.d, line: visible(l.l), kind: '(undecodable)', meaning: `not acted on: ${r.error}${r.detail ? ` (${visible(r.detail)})` : ''}` };
  const fields = r.msg.fields as Record<string, unknown>;
  return { id, w: l.w, d: l.d, line: visible(l.l), kind: r.msg.kind, meaning: meaningOf(r.msg.kind, r.msg.seq, fields), fields };
}

/** Raw lines of one console window. */
export class WireLog {
  readonly stats = new WireStats();
  private ring: WireEntry[] = [];
  private nextId = 1;
  private users = 0;
  private unsub: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();
  private versionValue = 0;
  /** Lines the session or the bridge could not deliver (batch bound, a page that fell behind). */
  dropped = 0;
  /** Typed commands, oldest first, for the terminal's history (↑/↓). */
  readonly history: string[] = [];

  constructor(private readonly api: Pick<PenApi, 'subscribe' | 'watchWire'>) {}

  /** Starts the raw-line pushes while at least one view holds it; returns the release function. */
  retain(): () => void {
    if (this.users++ === 0) {
      this.stats.restart(Date.now());
      this.unsub = this.api.subscribe((p) => this.onPush(p));
      void this.api.watchWire(true).catch(() => undefined);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.users === 0) {
        this.unsub?.();
        this.unsub = null;
        void this.api.watchWire(false).catch(() => undefined);
      }
    };
  }

  get version(): number {
    return this.versionValue;
  }

  readonly getVersion = (): number => this.versionValue;

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** The lines kept, oldest first. */
  entries(): readonly WireEntry[] {
    return this.ring;
  }

  /** Clears the terminal's lines (the inspector's counts too). */
  clear(): void {
    this.ring = [];
    this.dropped = 0;
    this.stats.restart(Date.now());
    this.changed();
  }

  /** Adds lines (pushes, tests). */
  add(lines: readonly WireLine[], dropped = 0): void {
    this.dropped += dropped;
    const fresh = lines.map((l) => toEntry(this.nextId++, l));
    for (const e of fresh) this.stats.add(e);
    this.ring = this.ring.length + fresh.length > WIRE_LOG_LINES ? [...this.ring, ...fresh].slice(-WIRE_LOG_LINES) : [...this.ring, ...fresh];
    this.changed();
  }

  private onPush(p: PenPush): void {
    if (p.type === 'wire') this.add(p.lines, p.dropped);
  }

  private changed(): void {
    this.versionValue++;
    for (const l of this.listeners) l();
  }
}

/**
 * What the adversarial host can do to the pen. An action is plain data (so a
 * failing run can be stored, shrunk and replayed); the runner turns it into
 * wire lines at run time, taking the seq, the last challenge nonce and the
 * pen's recent output from the run itself.
 */

/** Ways to spoil a frame (PROTOCOL.md §1, §3). */
export const BAD_FORMS = [
  'crc', 'no-star', 'too-long', 'garbage', 'garbage-prefix', 'trailing-space', 'double-space', 'lower-kind',
  'unknown-kind', 'extra-key', 'missing-key', 'bad-value', 'pen-kind', 'empty', 'crlf', 'seq-too-big',
] as const;
export type BadForm = (typeof BAD_FORMS)[number];

/** Wire field values. */
export type Fields = Record<string, string | number>;

/** One thing the host does. `tag` names the class of the action for the coverage report. */
export type Action = { tag?: string } & (
  /** A well-formed command with the next seq. */
  | { a: 'cmd'; kind: string; fields: Fields }
  /** ENG_OPEN, then ENG_AUTH with the right MAC of the nonce the pen sent. */
  | { a: 'eng' }
  /** ENG_AUTH alone, with the MAC of the last nonce seen, or a wrong one (with this seq, else the next). */
  | { a: 'auth'; right: boolean; seq?: number }
  /** A spoiled line built around a command (the kind and fields it spoils). */
  | { a: 'bad'; form: BadForm; kind: string; fields: Fields }
  /** The `back`-th most recent line sent, again, byte for byte (same seq and body); PINGs skipped unless `pings`. */
  | { a: 'replay'; back: number; pings: boolean }
  /** A new command that reuses the seq of the `back`-th most recent line. */
  | { a: 'reuse'; back: number; kind: string; fields: Fields }
  /** A line exactly as given (every line of a run, made concrete for shrinking). */
  | { a: 'raw'; line: string }
  /** Set the host's next seq (to test the wrap at 65535). */
  | { a: 'seq'; to: number }
  /** Send back one of the pen's own recent lines (an echoing or looped-back link). */
  | { a: 'echo'; back: number }
  /**
   * Let `ms` of pen time pass, with a PING every `ping` ms (0: silence), or
   * instead of the PING a line that must not renew the lease (`junk`: a spoiled
   * PING, or an echo of the pen's own last line).
   */
  | { a: 'wait'; ms: number; ping: number; junk?: BadForm | 'echo' }
  /** Alternate SET_DEPTH um=x/y (or SET_RATE hz=x/y) every `every` ms, `n` times, pinging every `ping` ms. */
  | { a: 'jitter'; key: 'depth' | 'rate'; x: number; y: number; every: number; n: number; ping: number }
  /** Cut power and power up again at once (the battery pulled), at any moment, also during boot. */
  | { a: 'power' }
  /** Tamper with a file-backed registry: delete it, replace it by an empty one, or make it unreadable and unwritable. */
  | { a: 'nvm'; op: 'delete' | 'empty' | 'break' }
);

/** The coverage label of an action. */
export function actionLabel(x: Action): string {
  if (x.tag) return x.tag;
  switch (x.a) {
    case 'cmd':
      return x.kind;
    case 'bad':
      return `bad:${x.form}`;
    case 'nvm':
      return `nvm:${x.op}`;
    case 'jitter':
      return `jitter:${x.key}`;
    default:
      return x.a;
  }
}

/** Pen time an action takes, ms. */
export function actionMs(x: Action): number {
  if (x.a === 'wait') return x.ms;
  if (x.a === 'jitter') return x.every * x.n;
  return 0;
}

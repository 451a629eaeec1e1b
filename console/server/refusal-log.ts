/**
 * A refused request leaves a trace, without the token and without flooding:
 * at most `burst` lines per window and kind of event, then one line saying how
 * many more there were. Each kind (refusals, malformed HTTP, malformed frames,
 * slow clients…) has its own budget, so a flood of one never hides another.
 * The path is logged without its query string (where the token is).
 */

import { visible } from '../shared/index.js';

/** Where server log lines go (default: stderr). */
export type LogLine = (line: string) => void;

/** Options of a refusal log. */
export interface RefusalLogOptions {
  log?: LogLine;
  /** Lines per window before they are only counted (default 10). */
  burst?: number;
  /** Window length, ms (default 10 000). */
  windowMs?: number;
  now?: () => number;
}

/** A request as far as the log needs it. */
export interface RefusedRequest {
  method?: string | undefined;
  url?: string | undefined;
  socket?: { remoteAddress?: string | undefined } | undefined;
}

interface Budget {
  windowStart: number;
  inWindow: number;
  suppressed: number;
}

/** Logs refusals and other events of the server, rate-limited per kind. */
export class RefusalLog {
  private readonly log: LogLine;
  private readonly burst: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly budgets = new Map<string, Budget>();

  constructor(opts: RefusalLogOptions = {}) {
    this.log = opts.log ?? ((l) => process.stderr.write(`${l}\n`));
    this.burst = opts.burst ?? 10;
    this.windowMs = opts.windowMs ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** One refusal: what was asked (never the query), from where, and why. */
  refused(req: RefusedRequest, reason: string): void {
    this.note('refused', `web: refused ${req.method ?? '?'} ${pathOnly(req.url)} from ${req.socket?.remoteAddress ?? '?'}: ${reason}`);
  }

  /** Any other event worth a line (a malformed WebSocket frame, a stuck client), limited per `kind`. */
  note(kind: string, line: string): void {
    const t = this.now();
    let b = this.budgets.get(kind);
    if (!b) {
      b = { windowStart: t, inWindow: 0, suppressed: 0 };
      this.budgets.set(kind, b);
    }
    if (t - b.windowStart >= this.windowMs) {
      if (b.suppressed > 0) this.log(`web: … and ${b.suppressed} more (${kind}) in the last ${Math.round(this.windowMs / 1000)} s, not logged one by one`);
      b.windowStart = t;
      b.inWindow = 0;
      b.suppressed = 0;
    }
    if (b.inWindow < this.burst) {
      b.inWindow++;
      this.log(line);
    } else b.suppressed++;
  }
}

/** The path of a request URL without its query (the token travels in the query), control characters escaped, quoted. */
export function pathOnly(url: string | undefined): string {
  const path = (url ?? '/').split(/[?#]/)[0] ?? '/';
  return `"${visible(path.slice(0, 200))}"`;
}

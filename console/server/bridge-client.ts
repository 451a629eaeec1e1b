/**
 * One browser connected to the bridge, with a bounded send buffer. Pushes to
 * a client that does not read fast enough are shed instead of queued without
 * bound: telemetry samples are dropped (counted), state pushes coalesce to the
 * latest, log entries keep the newest few hundred. When the client catches up
 * it gets the latest state, the kept log entries and one log entry saying
 * what it missed. A client that makes no progress at all for `stuckMs` (or
 * whose buffer passes `hardBytes`) is disconnected with close code 1013.
 *
 * Bridge messages (JSON text frames), for the UI to build on:
 *   browser → server  {"id":n,"method":"<PenApi method>","args":[…]}
 *   server → browser  {"id":n,"result":…} | {"id":n,"error":"…"}   (replies, never shed)
 *                     {"push":{"type":"state","state":…}}            (latest wins when shed; at most ~20/s, see session-store.ts)
 *                     {"push":{"type":"tlm-batch","keys":["host","t",…],"rows":[[…],…]}}
 *                         telemetry samples as rows of `keys` values, one batch per ≤ 16 ms
 *                         (console/shared/push-wire.ts); dropped when the client is behind
 *                     {"push":{"type":"log","entry":…}}              (newest kept when behind)
 *                     {"push":{"type":"wire","lines":[…],"dropped":n}} (raw lines, batched per 100 ms; only after
 *                                                                     watchWire(true) from this client; dropped when behind)
 *   Pushes arrive in the order the session made them: a batch is sent before any later state or log push.
 *   A client that was behind gets a log push with tag BRIDGE_SLOW and a negative id (not one of the
 *   session's log ids) saying how many telemetry samples, state updates and log entries it missed.
 */
import type { WebSocket } from 'ws';
import { PushBatcher, type LogEntry, type PenPush, type WireLine, type WirePush } from '../shared/index.js';

/** Limits of one client's send buffer. */
export interface BridgeLimits {
  /** Above this many buffered bytes the client counts as behind and pushes are shed (default 1 MiB). */
  softBytes: number;
  /** Above this the client is disconnected at once (default 64 MiB; a large export reply fits below it). */
  hardBytes: number;
  /** Behind without any progress for this long: disconnected (default 10 s). */
  stuckMs: number;
  /** How often the buffer is checked, ms (default 100). */
  checkMs: number;
  /** Log entries kept while behind (default 200). */
  keepLogs: number;
}

/** Default limits. */
export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = { softBytes: 1 << 20, hardBytes: 64 << 20, stuckMs: 10_000, checkMs: 100, keepLogs: 200 };

let noticeId = 0;

/** The send side of one WebSocket client. */
export class BridgeClient {
  private pendingState: string | null = null;
  private pendingLogs: string[] = [];
  private missed = { tlm: 0, state: 0, log: 0, wire: 0 };
  private unwatch: (() => void) | null = null;
  private lastBuffered = 0;
  private noProgressSince: number | null = null;
  private readonly timer: ReturnType<typeof setInterval>;
  private closed = false;
  private readonly batcher = new PushBatcher((p, samples) => this.sendBatch(p, samples));

  constructor(
    private readonly ws: WebSocket,
    private readonly limits: BridgeLimits,
    private readonly onStuck: (why: string) => void,
  ) {
    this.timer = setInterval(() => this.check(), limits.checkMs);
    this.timer.unref?.();
  }

  /** A reply to one of this client's requests: always sent (the client asked for it). */
  reply(text: string): void {
    if (this.open()) this.ws.send(text);
  }

  /** A session push (`text`: its JSON, made once for every client; unused for telemetry, which is batched), shed when the client is behind. */
  push(p: PenPush, text: string): void {
    if (!this.open()) return;
    if (p.type === 'tlm') {
      this.batcher.push(p);
      return;
    }
    this.batcher.flush();
    if (!this.behind()) {
      this.ws.send(text);
      return;
    }
    if (p.type === 'wire') this.missed.wire += p.lines.length + p.dropped;
    else if (p.type === 'state') {
      if (this.pendingState !== null) this.missed.state++;
      this.pendingState = text;
    } else {
      this.pendingLogs.push(text);
      if (this.pendingLogs.length > this.limits.keepLogs) {
        this.pendingLogs.shift();
        this.missed.log++;
      }
    }
  }

  /** Starts this client's raw-line pushes through `subscribe`, or stops them (null). */
  watchWire(subscribe: ((fn: (lines: readonly WireLine[], dropped: number) => void) => () => void) | null): void {
    this.unwatch?.();
    this.unwatch = null;
    if (!subscribe) return;
    this.unwatch = subscribe((lines, dropped) => {
      const p: PenPush = { type: 'wire', lines: [...lines], dropped };
      this.push(p, JSON.stringify({ push: p }));
    });
  }

  /** Stops the checks (the socket closed). */
  dispose(): void {
    this.unwatch?.();
    this.unwatch = null;
    this.closed = true;
    clearInterval(this.timer);
    this.batcher.dispose();
  }

  private behind(): boolean {
    return this.ws.bufferedAmount >= this.limits.softBytes || this.pendingState !== null || this.pendingLogs.length > 0;
  }

  /** A telemetry batch: sent, or counted as missed while the client is behind. */
  private sendBatch(p: WirePush, samples: number): void {
    if (!this.open()) return;
    if (this.behind()) this.missed.tlm += samples;
    else this.ws.send(JSON.stringify({ push: p }));
  }

  private open(): boolean {
    return !this.closed && this.ws.readyState === this.ws.OPEN;
  }

  private check(): void {
    if (!this.open()) return;
    const buffered = this.ws.bufferedAmount;
    const now = Date.now();
    if (buffered > this.limits.hardBytes) {
      this.cutOff(`its send buffer passed ${Math.round(this.limits.hardBytes / 1024)} KiB`);
      return;
    }
    if (buffered >= this.limits.softBytes && buffered >= this.lastBuffered) {
      this.noProgressSince ??= now;
      if (now - this.noProgressSince >= this.limits.stuckMs) {
        this.cutOff(`it read nothing for ${+(this.limits.stuckMs / 1000).toFixed(1)} s`);
        return;
      }
    } else this.noProgressSince = null;
    this.lastBuffered = buffered;
    if (buffered < this.limits.softBytes / 2) this.catchUp();
  }

  private cutOff(why: string): void {
    this.dispose();
    this.pendingState = null;
    this.pendingLogs = [];
    this.onStuck(why);
  }

  /** Sends what was kept while the client was behind, and says what it missed. */
  private catchUp(): void {
    if (this.pendingState === null && this.pendingLogs.length === 0 && this.missed.tlm === 0 && this.missed.wire === 0) return;
    const logs = this.pendingLogs;
    this.pendingLogs = [];
    for (const l of logs) this.ws.send(l);
    if (this.pendingState !== null) this.ws.send(this.pendingState);
    this.pendingState = null;
    const m = this.missed;
    this.missed = { tlm: 0, state: 0, log: 0, wire: 0 };
    if (m.tlm + m.state + m.log + m.wire === 0) return;
    const entry: LogEntry = {
      id: -++noticeId, host: Date.now(), kind: 'error', tag: 'BRIDGE_SLOW',
      text: `This page fell behind the console: ${m.tlm} telemetry samples, ${m.state} state updates${m.wire ? `, ${m.log} log entries and ${m.wire} raw lines` : ` and ${m.log} log entries`} were not sent to it (the charts${m.wire ? ' and the terminal' : ''} have a gap). The pen and the console were not affected.`,
    };
    this.ws.send(JSON.stringify({ push: { type: 'log', entry } }));
  }
}

/**
 * The host side of the link: HELLO handshake, requests correlated by seq and
 * kind with timeout, retransmission (same seq, same body) and bounded retries,
 * a bounded command queue that STOP jumps (SR-16), heartbeat PINGs that keep
 * the pen's 500 ms lease (SR-11) alive, link-state tracking with reconnection,
 * and statistics. Every public method resolves to a result value saying what
 * is known (answered, unknown, not sent); nothing here throws on link trouble.
 */
import { ANSWER_KINDS, type HostKind } from '../catalogue/catalogue.js';
import type { Fields, Message } from '../catalogue/messages.js';
import { tryEncode } from '../wire/codec.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import { Emitter } from '../util/emitter.js';
import { transportError, type LineTransport, type TransportError, type TransportResult } from '../transport/transport.js';
import { backoffMs, clientSettings, type ClientSettings } from './client-options.js';
import { clientStats, newClientCounters } from './client-stats.js';
import { helloOutcome } from './handshake.js';
import { decodeInbound, type InvalidLine } from './inbound.js';
import { Liveness } from './liveness.js';
import { notSent, RequestTable, type Lane } from './request-table.js';
import { RttWindow } from './rtt-window.js';
import { SeqGapCounter } from './seq-gap.js';
import type {
  ClientStats, ConnectResult, HandshakeHeard, LinkState, PenClientEvents, PenClientOptions, PenInfo, PenStatus, ProtoIdentity,
  RequestOptions, RequestResult,
} from './types.js';

export type * from './types.js';
export { describeMismatch } from './handshake.js';

/** The host-side client of one pen. */
export class PenClient {
  private readonly events = new Emitter<PenClientEvents>();
  /** Options with their defaults applied. */
  private readonly cfg: ClientSettings;
  private readonly clock: Clock;

  private linkState: LinkState = 'closed';
  private transport: LineTransport | null = null;
  private unsubscribe: (() => void)[] = [];
  private readonly requests: RequestTable;
  private wantOpen = false;
  private readonly liveness: Liveness;
  private reconnectTimer: TimerHandle | null = null;
  private reconnectAttempt = 0;
  private lastRx = 0;
  private lastInfo: PenInfo | null = null;
  private lastStatus: PenStatus | null = null;
  private lastInvalid: InvalidLine | null = null;
  private readonly rtt = new RttWindow(1024);
  private readonly gaps = new SeqGapCounter();
  private readonly counters = newClientCounters();

  constructor(opts: PenClientOptions) {
    this.cfg = clientSettings(opts);
    this.clock = this.cfg.clock;
    this.requests = new RequestTable({
      clock: this.clock,
      write: (line) => this.write(line),
      linkUp: () => this.transport?.isOpen ?? false,
      counters: this.counters,
      rtt: this.rtt,
      maxInFlight: this.cfg.maxInFlight,
      maxQueued: this.cfg.maxQueued,
      queueTimeoutMs: this.cfg.queueTimeoutMs,
    });
    this.liveness = new Liveness(this.clock, this.cfg.heartbeatMs, this.cfg.silenceMs, {
      isReady: () => this.linkState === 'ready',
      lastRx: () => this.lastRx,
      onSilent: (reason) => this.onLinkDown(reason),
      ping: () => {
        this.counters.heartbeatsSent++;
        void this.send('PING', {}, { retries: 0, timeoutMs: Math.max(this.cfg.heartbeatMs * 2, this.cfg.timeoutMs) }, 'heartbeat');
      },
      onStall: () => this.counters.hostStalls++,
    });
  }

  /** Current link state. */
  get state(): LinkState {
    return this.linkState;
  }

  /** The pen's identity and limits: the last INFO it sent (HELLO or GET_INFO answer), or null. */
  get info(): PenInfo | null {
    return this.lastInfo;
  }

  /** The pen's state and settings as of the last STATUS it sent (GET_STATUS answer), or null. */
  get status(): PenStatus | null {
    return this.lastStatus;
  }

  /** Our protocol identity as sent in HELLO. */
  get identity(): ProtoIdentity {
    return { ...this.cfg.ours };
  }

  /** A snapshot of the counters and RTT percentiles. */
  get stats(): ClientStats {
    return clientStats(this.counters, this.gaps, this.rtt, this.requests.queued);
  }

  /** Subscribe to an event; returns the unsubscribe function. */
  on<K extends keyof PenClientEvents>(event: K, fn: (payload: PenClientEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  /** Open the link and handshake. On failure the client is closed again and the result says why. */
  async connect(): Promise<ConnectResult> {
    if (this.linkState !== 'closed') {
      return { ok: false, error: 'BUSY', message: `already ${this.linkState}`, ours: this.identity };
    }
    this.wantOpen = true;
    this.reconnectAttempt = 0;
    const r = await this.establish();
    if (!r.ok) {
      this.wantOpen = false;
      await this.dropTransport();
      this.setState('closed', r.message);
    }
    return r;
  }

  /** Close the link; pending requests resolve with CLOSED. No reconnection follows. */
  async close(): Promise<void> {
    this.wantOpen = false;
    this.clearTimers();
    this.requests.failAll('CLOSED', 'client closed');
    await this.dropTransport();
    this.setState('closed', 'closed by the host');
  }

  /**
   * Send a command and wait for its answer (retransmitting with the same seq on timeout). Commands wait
   * their turn in a bounded queue (BUSY when full); a STOP goes out at once and cancels what waits (SR-16).
   */
  request<K extends HostKind>(kind: K, fields: Fields<K>, opts: RequestOptions = {}): Promise<RequestResult<K>> {
    return this.send(kind, fields, opts, kind === 'STOP' ? 'stop' : 'command');
  }

  private send<K extends HostKind>(kind: K, fields: Fields<K>, opts: RequestOptions, lane: Lane): Promise<RequestResult<K>> {
    const transport = this.transport;
    if (!transport || !transport.isOpen || (this.linkState !== 'ready' && this.linkState !== 'handshaking')) {
      return Promise.resolve(notSent(-1, 'NOT_CONNECTED', `link is ${this.linkState}`) as RequestResult<K>);
    }
    // A burst beyond the queue is refused before any encoding work: the refusal must cost next to nothing.
    if (lane === 'command' && this.requests.full) return Promise.resolve(this.requests.busy(kind) as RequestResult<K>);
    const enc = tryEncode({ seq: 0, kind, fields } as unknown as Message);
    if (!enc.ok) return Promise.resolve(notSent(-1, 'INVALID', enc.detail, enc.key) as RequestResult<K>);
    this.counters.requests++;
    const lineFor = (seq: number) => {
      const e = tryEncode({ seq, kind, fields } as unknown as Message);
      return e.ok ? e.line : null;
    };
    const timeoutMs = opts.timeoutMs ?? this.cfg.timeoutMs;
    return this.requests.submit({ kind, lineFor, timeoutMs, retries: opts.retries ?? this.cfg.retries, lane }) as Promise<RequestResult<K>>;
  }

  /** Forget the pen's last seq, so the next frame is not counted as a loss (a replay that jumped in its recording). */
  resyncSeq(): void {
    this.gaps.resync();
  }

  /** Write a raw line as typed (raw console); the answer, if any, arrives as a `frame` event. */
  async sendRaw(line: string): Promise<TransportResult> {
    const t = this.transport;
    if (!t || !t.isOpen) return { ok: false, error: transportError(`link is ${this.linkState}`) };
    return this.write(line.replace(/\r?\n$/, ''));
  }

  private async establish(): Promise<ConnectResult> {
    this.setState('opening');
    let transport: LineTransport;
    try {
      transport = await this.cfg.factory();
    } catch (cause) {
      const error = transportError(`cannot create transport: ${String(cause)}`, { cause });
      return { ok: false, error: 'OPEN_FAILED', message: error.message, ours: this.identity, transport: error };
    }
    this.attach(transport);
    const opened = await transport.open();
    if (!opened.ok) {
      this.detach();
      return { ok: false, error: 'OPEN_FAILED', message: opened.error.message, ours: this.identity, transport: opened.error };
    }
    if (!this.wantOpen) return { ok: false, error: 'CLOSED', message: 'closed while opening', ours: this.identity };
    this.gaps.resync();
    this.lastRx = this.clock.now();
    this.setState('handshaking');
    const before = this.counters.droppedLines;
    this.lastInvalid = null;
    const r = helloOutcome(await this.request('HELLO', { proto: this.cfg.ours.proto, schema: this.cfg.ours.schema }), this.identity);
    if (!r.ok && r.error === 'HANDSHAKE_FAILED') {
      const heard = this.heardDuringHandshake(transport, this.counters.droppedLines - before);
      if (heard) return { ...r, heard, message: `${r.message}${describeHeard(heard)}` };
    }
    if (r.ok) {
      this.lastInfo = r.info;
      this.reconnectAttempt = 0;
      this.setState('ready');
      this.liveness.start();
    }
    return r;
  }

  /** What arrived while HELLO went unanswered; the unterminated bytes are reported as dropped (they go with the port). */
  private heardDuringHandshake(t: LineTransport, invalidLines: number): HandshakeHeard | null {
    const unterminated = this.takeUnterminated(t);
    if (invalidLines === 0 && !unterminated) return null;
    return {
      invalidLines,
      ...(this.lastInvalid && invalidLines > 0 ? { example: { line: this.lastInvalid.line.slice(0, 80), error: this.lastInvalid.error } } : {}),
      ...(unterminated ? { unterminated } : {}),
    };
  }

  /** Bytes the transport holds without a line end, reported (recording, droppedLines) before the port is dropped. */
  private takeUnterminated(t: LineTransport | null) {
    const u = t?.unterminated?.() ?? null;
    if (u) {
      this.counters.droppedLines++;
      this.events.emit('dropped', { ...u, t: this.clock.now(), wall: Date.now() });
    }
    return u;
  }

  private attach(t: LineTransport): void {
    this.detach();
    this.transport = t;
    this.unsubscribe = [
      t.on('line', (l) => this.onLine(l)),
      t.on('error', (e) => this.events.emit('error', e)),
      t.on('dropped', (d) => {
        this.counters.droppedLines++;
        this.events.emit('dropped', { ...d, t: this.clock.now(), wall: Date.now() });
      }),
      t.on('close', (c) => {
        if (this.transport === t) this.onLinkDown(c.error?.message ?? 'transport closed', c.error);
      }),
    ];
  }

  private detach(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.transport = null;
  }

  private async dropTransport(): Promise<void> {
    const t = this.transport;
    this.detach();
    if (t?.isOpen) await t.close();
  }

  /** The link went away (transport closed or the pen fell silent). */
  private onLinkDown(reason: string, error?: TransportError): void {
    if (this.linkState === 'closed' || this.linkState === 'lost' || this.linkState === 'reconnecting') return;
    const wasReady = this.linkState === 'ready';
    this.clearTimers();
    this.requests.failAll('LINK_LOST', reason, error);
    if (wasReady) this.takeUnterminated(this.transport);
    if (!wasReady) {
      // During opening/handshaking, establish() sees the failure and reports it.
      this.detach();
      return;
    }
    this.setState('lost', reason);
    void this.dropTransport().then(() => this.scheduleReconnect());
  }

  private scheduleReconnect(): void {
    const ro = this.cfg.reconnect;
    if (!this.wantOpen || !ro || this.reconnectAttempt >= ro.maxAttempts) {
      this.wantOpen = false;
      this.setState('closed', ro ? 'gave up reconnecting' : 'link lost');
      return;
    }
    const delay = backoffMs(ro, this.reconnectAttempt);
    this.reconnectAttempt++;
    this.setState('reconnecting', `attempt ${this.reconnectAttempt} in ${Math.round(delay)} ms`);
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = null;
      void this.reconnectOnce();
    }, delay);
  }

  private async reconnectOnce(): Promise<void> {
    if (!this.wantOpen) return;
    this.counters.reconnects++;
    const r = await this.establish();
    if (r.ok) return;
    await this.dropTransport();
    if (r.error === 'VERSION_MISMATCH' || r.error === 'CLOSED' || !this.wantOpen) {
      this.wantOpen = false;
      this.setState('closed', r.message);
      return;
    }
    this.scheduleReconnect();
  }

  private clearTimers(): void {
    this.liveness.stop();
    if (this.reconnectTimer !== null) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setState(state: LinkState, reason?: string): void {
    if (state === this.linkState) return;
    const previous = this.linkState;
    this.linkState = state;
    this.events.emit('state', { state, previous, ...(reason !== undefined ? { reason } : {}) });
  }

  private async write(line: string): Promise<TransportResult> {
    const t = this.transport;
    if (!t) return { ok: false, error: transportError('no transport') };
    this.counters.txLines++;
    this.events.emit('raw', { dir: 'out', line: line.replace(/\n$/, ''), t: this.clock.now(), wall: Date.now() });
    const r = await t.write(line);
    if (!r.ok) this.events.emit('error', r.error);
    return r;
  }

  private onLine(line: string): void {
    this.counters.rxLines++;
    this.events.emit('raw', { dir: 'in', line, t: this.clock.now(), wall: Date.now() });
    const msg = decodeInbound(line, this.counters, (bad) => {
      this.lastInvalid = bad;
    });
    if (!msg) return;
    this.lastRx = this.clock.now();
    // Answers may be replays of an earlier seq (PROTOCOL.md §9); TLM and EVT never are.
    this.gaps.observe(msg.seq, msg.kind !== 'TLM' && msg.kind !== 'EVT');
    this.events.emit('frame', msg);
    switch (msg.kind) {
      case 'TLM':
        this.counters.telemetryFrames++;
        this.events.emit('telemetry', msg);
        return;
      case 'EVT':
        if (msg.fields.ev === 'BOOT') this.gaps.resync();
        this.events.emit('event', msg);
        return;
      default: {
        // Only an answer matched to a command of its kind counts: an unsolicited or mismatched INFO is not the pen's identity.
        if (!ANSWER_KINDS.has(msg.kind) || !this.requests.answer(msg)) return;
        if (msg.kind === 'INFO') this.lastInfo = msg.fields;
        if (msg.kind === 'STATUS') this.lastStatus = msg.fields;
      }
    }
  }
}

/** "; 4 lines arrived that are not valid frames (e.g. BAD_CRC: "$0 INFO…")" and the unterminated bytes, for a failed handshake. */
export function describeHeard(h: HandshakeHeard): string {
  const parts: string[] = [];
  if (h.invalidLines > 0) {
    const eg = h.example ? ` (last: ${h.example.error} ${JSON.stringify(h.example.line)})` : '';
    parts.push(`the pen did answer, but ${h.invalidLines} line(s) were not valid frames${eg}`);
  }
  if (h.unterminated) {
    const u = h.unterminated;
    const why = u.reason.includes('CR only') ? ': its lines end with CR only, and PROTOCOL.md §1 requires LF' : '';
    parts.push(`${u.bytes} bytes arrived that were never terminated by LF${why}`);
  }
  return parts.length ? `; ${parts.join('; ')}` : '';
}

/**
 * The host side of the link: HELLO handshake, requests correlated by seq with
 * timeout, retransmission (same seq, same body) and bounded retries, heartbeat
 * PINGs that keep the pen's 500 ms lease (SR-11) alive, link-state tracking
 * with reconnection, and statistics. Every public method resolves to a result
 * value; nothing here throws on link trouble.
 */
import { PROTO_VERSION, type HostKind } from '../catalogue/catalogue.js';
import type { Fields, Message, PenMessage } from '../catalogue/messages.js';
import { SCHEMA_HASH } from '../catalogue/schema-hash.js';
import { decodeLine, tryEncode } from '../wire/codec.js';
import { systemClock, type Clock, type TimerHandle } from '../util/clock.js';
import { Emitter } from '../util/emitter.js';
import { transportError, type LineTransport, type TransportError, type TransportResult } from '../transport/transport.js';
import { withCatalogueLimits, type FullInfo } from './info-defaults.js';
import { RequestTable } from './request-table.js';
import { RttWindow } from './rtt-window.js';
import { SeqGapCounter } from './seq-gap.js';
import type {
  ClientStats, ConnectResult, LinkState, PenClientEvents, PenClientOptions, ProtoIdentity, RequestOptions,
  RequestResult, TransportFactory,
} from './types.js';

export type * from './types.js';

const REPLY_KINDS = new Set(['ACK', 'NAK', 'INFO', 'CART', 'AREA', 'CHAL']);

/** Describe how two protocol identities differ, for the person at the console. */
export function describeMismatch(ours: ProtoIdentity, pen: Partial<ProtoIdentity>): string {
  const diffs: string[] = [];
  if (pen.proto !== undefined && pen.proto !== ours.proto) diffs.push(`protocol version differs (pen ${pen.proto}, console ${ours.proto})`);
  if (pen.schema !== undefined && pen.schema !== ours.schema) diffs.push(`schema hash differs (pen ${pen.schema}, console ${ours.schema})`);
  const penText = `pen speaks proto ${pen.proto ?? '?'} schema ${pen.schema ?? '?'}`;
  const ourText = `console speaks proto ${ours.proto} schema ${ours.schema}`;
  return `${penText}; ${ourText}: ${diffs.length ? diffs.join(', ') : 'pen refused HELLO'}`;
}

/** The host-side client of one pen. */
export class PenClient {
  private readonly events = new Emitter<PenClientEvents>();
  private readonly clock: Clock;
  private readonly factory: TransportFactory;
  private readonly ours: ProtoIdentity;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly heartbeatMs: number;
  private readonly silenceMs: number;
  private readonly reconnectOpts: Required<PenClientOptions['reconnect'] & object> | null;

  private linkState: LinkState = 'closed';
  private transport: LineTransport | null = null;
  private unsubscribe: (() => void)[] = [];
  private readonly requests: RequestTable;
  private wantOpen = false;
  private tickTimer: TimerHandle | null = null;
  private reconnectTimer: TimerHandle | null = null;
  private reconnectAttempt = 0;
  private lastRx = 0;
  private lastInfo: FullInfo | null = null;
  private readonly rtt = new RttWindow(1024);
  private readonly gaps = new SeqGapCounter();
  private readonly counters = {
    txLines: 0, rxLines: 0, rxFrames: 0, requests: 0, retransmits: 0, timeouts: 0, naks: 0, lateReplies: 0,
    crcErrors: 0, droppedLines: 0, telemetryFrames: 0, heartbeatsSent: 0, reconnects: 0,
  };

  constructor(opts: PenClientOptions) {
    const t = opts.transport;
    this.factory = typeof t === 'function' ? t : () => t;
    this.clock = opts.clock ?? systemClock;
    this.ours = { proto: opts.proto ?? PROTO_VERSION, schema: opts.schema ?? SCHEMA_HASH };
    this.timeoutMs = opts.timeoutMs ?? 250;
    this.retries = opts.retries ?? 3;
    this.heartbeatMs = opts.heartbeatMs ?? 200;
    this.silenceMs = opts.silenceMs ?? (this.heartbeatMs > 0 ? 1000 : 0);
    this.reconnectOpts = opts.reconnect === false ? null : {
      initialMs: opts.reconnect?.initialMs ?? 250,
      maxMs: opts.reconnect?.maxMs ?? 5000,
      factor: opts.reconnect?.factor ?? 2,
      maxAttempts: opts.reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY,
    };
    this.requests = new RequestTable({
      clock: this.clock,
      write: (line) => this.write(line),
      linkUp: () => this.transport?.isOpen ?? false,
      counters: this.counters,
      rtt: this.rtt,
    });
  }

  /** Current link state. */
  get state(): LinkState {
    return this.linkState;
  }

  /** The last INFO the pen sent (HELLO or GET_INFO answer), limits completed from the catalogue, or null. */
  get info(): FullInfo | null {
    return this.lastInfo;
  }

  /** Our protocol identity as sent in HELLO. */
  get identity(): ProtoIdentity {
    return { ...this.ours };
  }

  /** A snapshot of the counters and RTT percentiles. */
  get stats(): ClientStats {
    return {
      ...this.counters,
      lostFrames: this.gaps.lost,
      replayedFrames: this.gaps.replays,
      rttSamples: this.rtt.count,
      rttP50Ms: this.rtt.percentile(50),
      rttP99Ms: this.rtt.percentile(99),
    };
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

  /** Send a command and wait for its answer (retransmitting with the same seq on timeout). */
  request<K extends HostKind>(kind: K, fields: Fields<K>, opts: RequestOptions = {}): Promise<RequestResult<K>> {
    const transport = this.transport;
    const fail = (seq: number, error: 'NOT_CONNECTED' | 'INVALID', message: string, key?: string): Promise<RequestResult<K>> =>
      Promise.resolve({ ok: false, seq, error, message, attempts: 0, ...(key ? { key } : {}) });
    if (!transport || !transport.isOpen || (this.linkState !== 'ready' && this.linkState !== 'handshaking')) {
      return fail(-1, 'NOT_CONNECTED', `link is ${this.linkState}`);
    }
    const seq = this.requests.takeSeq();
    const enc = tryEncode({ seq, kind, fields } as unknown as Message);
    if (!enc.ok) return fail(seq, 'INVALID', enc.detail, enc.key);
    this.counters.requests++;
    const r = this.requests.start(seq, kind, enc.line, opts.timeoutMs ?? this.timeoutMs, opts.retries ?? this.retries);
    return r as Promise<RequestResult<K>>;
  }

  /** Write a raw line as typed (raw console); the answer, if any, arrives as a `frame` event. */
  async sendRaw(line: string): Promise<TransportResult> {
    const t = this.transport;
    if (!t || !t.isOpen) return { ok: false, error: transportError(`link is ${this.linkState}`) };
    return this.write(line.replace(/\r?\n$/, ''));
  }

  // ---- link management ------------------------------------------------------

  private async establish(): Promise<ConnectResult> {
    this.setState('opening');
    let transport: LineTransport;
    try {
      transport = await this.factory();
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
    const r = await this.request('HELLO', { proto: this.ours.proto, schema: this.ours.schema });
    if (r.ok) {
      const info = withCatalogueLimits(r.reply.fields as Fields<'INFO'>);
      if (info.proto !== this.ours.proto || info.schema !== this.ours.schema) {
        const pen = { proto: info.proto, schema: info.schema };
        return { ok: false, error: 'VERSION_MISMATCH', message: describeMismatch(this.ours, pen), ours: this.identity, pen };
      }
      this.lastInfo = info;
      this.reconnectAttempt = 0;
      this.setState('ready');
      this.startTicking();
      return { ok: true, info };
    }
    if (r.error === 'NAK' && r.code === 'VERSION' && r.nak) {
      const pen: Partial<ProtoIdentity> = {};
      if (r.nak.fields.proto !== undefined) pen.proto = r.nak.fields.proto;
      if (r.nak.fields.schema !== undefined) pen.schema = r.nak.fields.schema;
      return { ok: false, error: 'VERSION_MISMATCH', message: describeMismatch(this.ours, pen), ours: this.identity, pen };
    }
    if (r.error === 'CLOSED') return { ok: false, error: 'CLOSED', message: 'closed during handshake', ours: this.identity };
    return {
      ok: false, error: 'HANDSHAKE_FAILED', message: `HELLO failed: ${r.error} ${r.message}`, ours: this.identity,
      ...(r.transport ? { transport: r.transport } : {}),
    };
  }

  private attach(t: LineTransport): void {
    this.detach();
    this.transport = t;
    this.unsubscribe = [
      t.on('line', (l) => this.onLine(l)),
      t.on('error', (e) => this.events.emit('error', e)),
      t.on('dropped', () => {
        this.counters.droppedLines++;
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
    if (!wasReady) {
      // During opening/handshaking, establish() sees the failure and reports it.
      this.detach();
      return;
    }
    this.setState('lost', reason);
    void this.dropTransport().then(() => this.scheduleReconnect());
  }

  private scheduleReconnect(): void {
    const ro = this.reconnectOpts;
    if (!this.wantOpen || !ro || this.reconnectAttempt >= ro.maxAttempts) {
      this.wantOpen = false;
      this.setState('closed', ro ? 'gave up reconnecting' : 'link lost');
      return;
    }
    const delay = Math.min(ro.maxMs, ro.initialMs * ro.factor ** this.reconnectAttempt);
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

  private startTicking(): void {
    const period = this.heartbeatMs > 0 ? this.heartbeatMs : this.silenceMs > 0 ? this.silenceMs / 4 : 0;
    if (period <= 0) return;
    const tick = () => {
      this.tickTimer = null;
      if (this.linkState !== 'ready') return;
      if (this.silenceMs > 0 && this.clock.now() - this.lastRx > this.silenceMs) {
        this.onLinkDown(`no frame from the pen for ${this.silenceMs} ms`);
        return;
      }
      if (this.heartbeatMs > 0) {
        this.counters.heartbeatsSent++;
        // SR-11: any valid frame renews the pen's lease; a PING is the smallest.
        void this.request('PING', {}, { retries: 0, timeoutMs: Math.max(this.heartbeatMs * 2, this.timeoutMs) });
      }
      this.tickTimer = this.clock.setTimeout(tick, period);
    };
    this.tickTimer = this.clock.setTimeout(tick, period);
  }

  private clearTimers(): void {
    if (this.tickTimer !== null) this.clock.clearTimeout(this.tickTimer);
    if (this.reconnectTimer !== null) this.clock.clearTimeout(this.reconnectTimer);
    this.tickTimer = null;
    this.reconnectTimer = null;
  }

  private setState(state: LinkState, reason?: string): void {
    if (state === this.linkState) return;
    const previous = this.linkState;
    this.linkState = state;
    this.events.emit('state', { state, previous, ...(reason !== undefined ? { reason } : {}) });
  }

  // ---- send and receive ---------------------------------------------------------

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
    if (line.replace(/\r$/, '').length === 0) return;
    const r = decodeLine(line);
    if (!r.ok) {
      this.counters.droppedLines++;
      if (r.error === 'BAD_CRC') this.counters.crcErrors++;
      return;
    }
    const msg = r.msg as PenMessage;
    this.lastRx = this.clock.now();
    this.counters.rxFrames++;
    const replayable = msg.kind !== 'TLM' && msg.kind !== 'EVT';
    this.gaps.observe(msg.seq, replayable);
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
      default:
        if (msg.kind === 'INFO') {
          // Absent limits equal the catalogue's (PROTOCOL.md §4); consumers get them complete.
          msg.fields = withCatalogueLimits(msg.fields);
          this.lastInfo = msg.fields as FullInfo;
        }
        if (REPLY_KINDS.has(msg.kind)) this.requests.answer(msg);
    }
  }
}

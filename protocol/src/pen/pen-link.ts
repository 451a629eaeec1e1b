/**
 * The pen side of the link: everything the firmware must do with a received
 * line before and after its own logic. It is the single place the pen-side
 * part of SR-15 lives: a malformed or unknown frame never reaches the firmware
 * handler (so it can never change state); a bad CRC is dropped and counted; a
 * bad field or unknown kind is NAKed with a reason. It also gates commands on
 * the HELLO handshake, dedupes retransmissions by replaying the first answer
 * (never a STOP, SR-16), tells the firmware which frames renew the heartbeat
 * lease (SR-11), sends an answer before the events its command caused, and
 * numbers the pen's frames.
 */
import { PROTO_VERSION, specOf } from '../catalogue/catalogue.js';
import type { HostMessage } from '../catalogue/messages.js';
import { SCHEMA_HASH } from '../catalogue/schema-hash.js';
import { decodeLine, MAX_SEQ } from '../wire/codec.js';
import { encodeFitting, encodeNak, nakMsg, zeroStats, type PenLinkStats } from './pen-frames.js';

export { nakMsg, type PenLinkStats } from './pen-frames.js';

/** Kinds the firmware may answer a command with. */
export type PenReplyKind = 'ACK' | 'NAK' | 'INFO' | 'STATUS' | 'CART' | 'AREA' | 'CHAL';

/** What the firmware answers a host command with (PenLink assigns the seq and re=). */
export interface PenReply {
  kind: PenReplyKind;
  /** Fields of the reply without `re`. For INFO, `proto`/`schema` default to the link's. */
  fields: Record<string, unknown>;
}

/** Options of a PenLink. */
export interface PenLinkOptions {
  /** Raw line out (with LF). */
  send(line: string): void;
  /** Called once per NEW command that passed the handshake gate (and for a STOP whatever its fields, SR-16). */
  handle(msg: HostMessage): PenReply;
  /**
   * A well-formed host command arrived: it decoded, its kind is a host command, and the handshake
   * gate let it through (or it is HELLO, PING, GET_INFO or STOP). Called before dedupe, so a
   * retransmission counts too. This, and nothing else, renews the heartbeat lease (SR-11).
   */
  onHostCommand?(msg: HostMessage): void;
  /** Every HELLO, matching (`true`) or not: a new host session starts (PROTOCOL.md §6; the pen closes an engineering session). */
  onHello?(matched: boolean): void;
  /** Device time, ms: fills `t=` on an ACK the firmware built without one (PROTOCOL.md §7). */
  now?(): number;
  /** Protocol version of this pen; defaults to PROTO_VERSION (tests override to simulate a mismatch). */
  proto?: number;
  /** Schema hash of this pen; defaults to SCHEMA_HASH. */
  schema?: string;
  /** How many recent commands are remembered for retransmission dedupe (default 64). */
  dedupeSize?: number;
}

/** The pen side of the link (see the file comment). */
export class PenLink {
  private readonly opts: PenLinkOptions;
  private readonly proto: number;
  private readonly schema: string;
  private readonly dedupeSize: number;
  /** host seq → the command body and the exact line answered, in arrival order (oldest first). */
  private readonly answered = new Map<number, { body: string; line: string }>();
  private seq = 0;
  private hello = false;
  private counters = zeroStats();
  /** While a command is being answered: frames emitted meanwhile, sent right after the answer. */
  private held: Array<{ kind: 'TLM' | 'EVT'; fields: Record<string, unknown> }> | null = null;

  constructor(opts: PenLinkOptions) {
    this.opts = opts;
    this.proto = opts.proto ?? PROTO_VERSION;
    this.schema = opts.schema ?? SCHEMA_HASH;
    this.dedupeSize = Math.max(1, opts.dedupeSize ?? 64);
  }

  /** True once a HELLO with matching proto and schema was accepted (until reset or a mismatching HELLO). */
  get handshaken(): boolean {
    return this.hello;
  }

  /** A snapshot of the counters. */
  get stats(): PenLinkStats {
    return { ...this.counters };
  }

  /** The seq the next pen frame will carry. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Power cycle: forget the handshake, the dedupe cache, the seq counter, held frames and the stats. */
  reset(): void {
    this.hello = false;
    this.answered.clear();
    this.seq = 0;
    this.held = null;
    this.counters = zeroStats();
  }

  /**
   * Process one received line (with or without LF). Order of checks (PROTOCOL.md §3): codec
   * errors, then the kind's direction, then the handshake gate, then the retransmission
   * memory, then the firmware's handler — with STOP outside all of them (SR-16).
   */
  receiveLine(line: string): void {
    const trimmed = line.replace(/\r?\n$/, '').replace(/\r$/, '');
    // An empty line (a terminal user pressing Enter) is not a frame at all.
    if (trimmed.length === 0) return;
    this.counters.rxLines++;
    const r = decodeLine(trimmed);
    if (!r.ok) {
      this.refuseUndecodable(r);
      return;
    }
    const msg = r.msg;
    const spec = specOf(msg.kind);
    if (!spec || spec.dir !== 'host') {
      // SR-15, SR-11: a pen-direction kind (e.g. our own TLM echoed back by the line) is not a
      // command; it is refused and renews nothing.
      this.counters.rxUnknownKind++;
      this.answerError(msg.seq, 'UNKNOWN_KIND', nakMsg(`${msg.kind} is not a host command`));
      return;
    }
    const cmd = msg as HostMessage;
    if (cmd.kind === 'HELLO') {
      this.receiveHello(cmd as Extract<HostMessage, { kind: 'HELLO' }>);
      return;
    }
    if (!this.hello && !spec.preHandshake) {
      // Gated: refused VERSION, not remembered, and no lease renewal (SR-11).
      this.counters.rxBeforeHandshake++;
      this.counters.txFrames++;
      this.opts.send(this.versionNak(cmd.seq, 'HELLO first'));
      return;
    }
    this.opts.onHostCommand?.(cmd);
    // SR-16: STOP is never looked up in nor stored in the retransmission memory: it is
    // idempotent, so executing it again is always safe, and an old (seq, body) must never
    // swallow a STOP meant for a pen that has started since.
    const isStop = cmd.kind === 'STOP';
    const prev = isStop ? undefined : this.answered.get(cmd.seq);
    if (prev && prev.body === r.body) {
      // A retransmission: the host missed our answer. Replaying the identical
      // line (same pen seq) keeps the command executed once.
      this.counters.rxDuplicates++;
      this.counters.txFrames++;
      this.opts.send(prev.line);
      return;
    }
    const answer = this.answerHeld(() => this.answerCommand(cmd));
    if (!isStop) this.remember(cmd.seq, r.body, answer);
  }

  /** Send an unsolicited TLM or EVT frame with the next pen seq; false (and counted) if the fields do not encode. */
  emit(kind: 'TLM' | 'EVT', fields: Record<string, unknown>): boolean {
    if (this.held) {
      // Answers come before the events they cause (PROTOCOL.md §7): held until the answer is out.
      this.held.push({ kind, fields });
      return true;
    }
    // The seq is only consumed when a frame goes out, so a refused emit is not counted as a loss by the host.
    const r = encodeFitting(this.seq, kind, fields);
    if (!r.ok) {
      this.counters.txInvalid++;
      return false;
    }
    this.takeSeq();
    this.counters.txFrames++;
    this.opts.send(r.line);
    return true;
  }

  private refuseUndecodable(r: Extract<ReturnType<typeof decodeLine>, { ok: false }>): void {
    switch (r.error) {
      // SR-15: a frame whose CRC or framing is bad cannot be trusted even for
      // its seq, so it is dropped (never answered) and counted.
      case 'BAD_CRC':
        this.counters.rxBadCrc++;
        return;
      case 'TOO_LONG':
        this.counters.rxTooLong++;
        return;
      case 'BAD_FRAME':
        this.counters.rxBadFrame++;
        return;
      // SR-15: CRC-valid but unknown kind / bad field: NAK with the reason; the
      // handler is never called, so state cannot change, and the lease is not renewed (SR-11).
      case 'UNKNOWN_KIND':
        this.counters.rxUnknownKind++;
        this.answerError(r.seq ?? 0, 'UNKNOWN_KIND', nakMsg(`unknown kind ${r.kind ?? ''}`));
        return;
      case 'BAD_FIELD':
        this.counters.rxBadField++;
        if (r.kind === 'STOP' && r.seq !== undefined) {
          // SR-16: a CRC-valid STOP is honoured whatever else it carries (`$50 STOP why=user`):
          // the pen stops first, then answers ACK re= t= (PROTOCOL.md §3).
          const stop = { seq: r.seq, kind: 'STOP', fields: {} } as HostMessage;
          this.answerHeld(() => this.answerCommand(stop));
          return;
        }
        this.answerError(r.seq ?? 0, 'BAD_ARGS', nakMsg(r.detail));
        return;
    }
  }

  /**
   * Every HELLO clears the retransmission memory (a restarted host counts its seqs from 0 again)
   * and starts a host session (`onHello`); it is never deduped (answering it again is harmless).
   */
  private receiveHello(msg: Extract<HostMessage, { kind: 'HELLO' }>): void {
    this.answered.clear();
    const { proto, schema } = msg.fields;
    const matched = proto === this.proto && schema === this.schema;
    if (matched) this.opts.onHostCommand?.(msg);
    this.answerHeld(() => {
      this.opts.onHello?.(matched);
      if (matched) {
        this.hello = true;
        return this.answerCommand(msg);
      }
      this.hello = false;
      const what = [
        proto !== this.proto ? `proto ${proto}!=${this.proto}` : '',
        schema !== this.schema ? `schema ${schema}!=${this.schema}` : '',
      ].filter(Boolean).join(' ');
      return this.versionNak(msg.seq, what);
    });
  }

  /** Run `work` (which builds the answer line), send the answer, then the frames emitted meanwhile. */
  private answerHeld(work: () => string): string {
    const outer = this.held;
    this.held = [];
    let answer = '';
    let held: NonNullable<typeof this.held> = [];
    try {
      answer = work();
    } finally {
      held = this.held ?? [];
      this.held = outer;
    }
    this.counters.txFrames++;
    this.opts.send(answer);
    for (const f of held) this.emit(f.kind, f.fields);
    return answer;
  }

  /** The firmware's answer to an accepted command, as a line with re=, the next pen seq and (ACK) t=. */
  private answerCommand(msg: HostMessage): string {
    const reply = this.opts.handle(msg);
    const fields: Record<string, unknown> = { ...reply.fields, re: msg.seq };
    if (reply.kind === 'INFO') {
      fields['proto'] ??= this.proto;
      fields['schema'] ??= this.schema;
    }
    if (reply.kind === 'ACK' && fields['t'] === undefined && this.opts.now) fields['t'] = Math.floor(this.opts.now()) >>> 0;
    const seq = this.takeSeq();
    const r = encodeFitting(seq, reply.kind, fields);
    if (r.ok) return r.line;
    // The firmware built a reply the wire cannot carry: answer something valid so
    // the host does not retry forever, and count it for the developer.
    this.counters.txInvalid++;
    return encodeNak(seq, msg.seq, 'UNSUPPORTED', { msg: nakMsg(`bad reply ${reply.kind}: ${r.detail}`) });
  }

  private versionNak(re: number, why: string): string {
    return encodeNak(this.takeSeq(), re, 'VERSION', { proto: this.proto, schema: this.schema, msg: nakMsg(why) });
  }

  private answerError(re: number, code: string, msg: string): void {
    this.counters.txFrames++;
    this.opts.send(encodeNak(this.takeSeq(), re, code, { msg }));
  }

  private remember(seq: number, body: string, line: string): void {
    this.answered.delete(seq);
    this.answered.set(seq, { body, line });
    // Bounded: the oldest entry goes first (Map keeps insertion order).
    while (this.answered.size > this.dedupeSize) {
      const oldest = this.answered.keys().next().value as number;
      this.answered.delete(oldest);
    }
  }

  private takeSeq(): number {
    const s = this.seq;
    this.seq = s >= MAX_SEQ ? 0 : s + 1;
    return s;
  }
}

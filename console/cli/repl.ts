/**
 * The core of the interactive pen console (Klipper console.py / MAVProxy
 * style), independent of the terminal: typed lines in, text out. Commands go
 * through PenClient (handshake, heartbeat, retransmission); answers, events
 * and a telemetry summary are printed decoded; raw mode puts typed lines on
 * the wire as they are.
 */
import { CATALOGUE, decodeLine, type PenClient, type PenMessage } from '../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../protocol/node/eng-auth.js';
import { visible } from '../shared/visible-text.js';
import { parseCommand } from '../shared/command-text.js';
import { complete, helpText } from './completion.js';
import { fieldText, formatPenFrame, TlmSummary } from './format.js';

/** Options of the console core. */
export interface ReplOptions {
  /** Where output goes (one or more lines, each ending in LF). */
  print(text: string): void;
  /** Milliseconds clock for the telemetry summary (default performance.now). */
  now?: () => number;
  /** Telemetry summary period, ms (default 1000). */
  tlmPeriodMs?: number;
  /** Key `eng` uses when none is typed (from $PENBENCH_ENG_KEY or a key file); default the simulator's development key. */
  engKeyHex?: string;
}

/** What `input` asks of the caller afterwards. */
export type InputResult = 'continue' | 'quit';

export { parseCommand };

/** A line produced while a typed command waits, and the arrival number of the frame it came from. */
interface HeldLine {
  at: number;
  text: string;
}

/**
 * The interactive console's state machine over one PenClient. Output follows the wire: while a typed command
 * waits for its answer, events, telemetry summaries and link changes are held and printed around the answer
 * in the order the frames arrived (a pen answers before the events its command causes, PROTOCOL.md §7).
 */
export class PenRepl {
  raw = false;
  showTlm = true;
  private readonly now: () => number;
  private tlm: TlmSummary;
  private readonly rawSeqs = new Set<number>();
  private readonly unsubscribe: (() => void)[] = [];
  private arrivals = 0;
  private readonly arrivalOf = new WeakMap<object, number>();
  private held: HeldLine[] | null = null;

  constructor(
    readonly client: PenClient,
    private readonly opts: ReplOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.tlm = this.newSummary(opts.tlmPeriodMs ?? 1000);
    this.unsubscribe.push(
      client.on('frame', (m) => this.onFrame(m)),
      // A link change comes after the frames already received.
      client.on('state', (s) => this.emit(`-- link ${s.state}${s.reason ? `: ${visible(s.reason)}` : ''}\n`, this.arrivals + 0.5)),
    );
  }

  /** Stop listening to the client. */
  detach(): void {
    for (const u of this.unsubscribe) u();
  }

  /** The prompt to show. */
  get prompt(): string {
    return this.raw ? 'raw> ' : 'pen> ';
  }

  /** Tab completion (node:readline completer format). */
  complete(line: string): [string[], string] {
    return this.raw ? [[], line] : complete(line);
  }

  private newSummary(periodMs: number): TlmSummary {
    return new TlmSummary(periodMs, this.now(), () => this.client.stats.lostFrames);
  }

  /** Print now, or hold until the answer of the command in flight is printed. */
  private emit(text: string, at: number): void {
    if (this.held) this.held.push({ at, text });
    else this.opts.print(text);
  }

  private onFrame(m: PenMessage): void {
    const at = ++this.arrivals;
    if (m.kind === 'TLM') {
      if (!this.showTlm) return;
      const line = this.tlm.add(m, this.now());
      if (line) this.emit(line + '\n', at);
      return;
    }
    if (m.kind === 'EVT') {
      this.emit(formatPenFrame(m) + '\n', at);
      return;
    }
    this.arrivalOf.set(m, at);
    // Answers to typed commands are printed by `command`; in raw mode only the client sees them, so show those to our raw lines.
    const re = (m.fields as { re?: number }).re;
    if (re !== undefined && this.rawSeqs.delete(re)) this.emit(formatPenFrame(m) + '\n', at);
  }

  /** Handle one typed line. */
  async input(text: string): Promise<InputResult> {
    const line = text.trim();
    if (line === '') return 'continue';
    const [word, ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    switch (word) {
      case 'quit':
      case 'exit':
        return 'quit';
      case 'help':
        this.opts.print(helpText(arg || undefined, this.client.info));
        return 'continue';
      case 'raw':
        if (arg) await this.sendRaw(line.slice(line.indexOf('raw') + 3).trim());
        else {
          this.raw = !this.raw;
          this.opts.print(`-- raw mode ${this.raw ? 'on: lines go to the wire as typed; "raw" again to leave' : 'off'}\n`);
        }
        return 'continue';
      case 'tlm':
        this.tlmCommand(arg);
        return 'continue';
      case 'stats':
        this.printStats();
        return 'continue';
      case 'eng':
        await this.eng(arg || this.opts.engKeyHex || DEFAULT_ENG_KEY_HEX);
        return 'continue';
    }
    if (this.raw) {
      await this.sendRaw(line);
      return 'continue';
    }
    await this.command(line);
    return 'continue';
  }

  /** Send a typed command and print its decoded answer, in wire order with what arrived meanwhile. */
  async command(line: string): Promise<PenMessage | null> {
    const p = parseCommand(line);
    if (!p.ok) {
      this.opts.print(`!! ${p.error}\n`);
      return null;
    }
    this.held = [];
    let r: Awaited<ReturnType<PenClient['request']>>;
    try {
      r = await this.client.request(p.kind, p.fields as never);
    } catch (e) {
      this.release(Infinity, null);
      throw e;
    }
    if (r.ok) {
      const reply = r.reply as PenMessage;
      this.release(this.arrivalOf.get(reply) ?? Infinity, `${formatPenFrame(reply)}  (${r.rttMs.toFixed(1)} ms)\n`);
      return reply;
    }
    if (r.error === 'NAK' && r.nak) {
      this.release(this.arrivalOf.get(r.nak) ?? Infinity, `${formatPenFrame(r.nak)}\n`);
      return r.nak;
    }
    this.release(Infinity, `!! ${p.kind}: ${r.error}${r.key ? ` (${r.key})` : ''}: ${visible(r.message)}\n`);
    return null;
  }

  /** Print what was held around the answer that arrived as frame number `at`, and stop holding. */
  private release(at: number, answer: string | null): void {
    const held = this.held ?? [];
    this.held = null;
    for (const h of held) if (h.at < at) this.opts.print(h.text);
    if (answer) this.opts.print(answer);
    for (const h of held) if (h.at >= at) this.opts.print(h.text);
  }

  private async sendRaw(text: string): Promise<void> {
    const d = decodeLine(text);
    const seq = d.ok ? d.msg.seq : d.seq;
    if (seq !== undefined) this.rawSeqs.add(seq);
    const w = await this.client.sendRaw(text);
    this.opts.print(w.ok ? `> ${visible(text)}\n` : `!! write failed: ${visible(w.error.message)}\n`);
  }

  private tlmCommand(arg: string): void {
    if (arg === 'off') this.showTlm = false;
    else if (arg === 'on' || arg === '') this.showTlm = true;
    else if (/^\d+(\.\d+)?$/.test(arg) && Number(arg) > 0) {
      this.showTlm = true;
      this.tlm = this.newSummary(Number(arg) * 1000);
    } else {
      this.opts.print('!! tlm: use on, off or a summary period in seconds (e.g. tlm 5)\n');
      return;
    }
    this.opts.print(`-- telemetry display ${this.showTlm ? 'on' : 'off'} (the pen sends TLM only after TLM_RATE hz=N)\n`);
  }

  private printStats(): void {
    const s = this.client.stats;
    this.opts.print(`-- ${fieldText({
      link: this.client.state, tx: s.txLines, rx: s.rxLines, frames: s.rxFrames, naks: s.naks, retransmits: s.retransmits,
      timeouts: s.timeouts, crc_errors: s.crcErrors, dropped: s.droppedLines, lost: s.lostFrames, tlm: s.telemetryFrames,
      rtt_p50_ms: s.rttP50Ms?.toFixed(1), rtt_p99_ms: s.rttP99Ms?.toFixed(1),
    })}\n`);
  }

  private async eng(keyHex: string): Promise<void> {
    const serial = this.client.info?.serial;
    if (!serial) {
      this.opts.print('!! eng: no INFO from the pen yet\n');
      return;
    }
    const chal = await this.command('ENG_OPEN');
    if (!chal || chal.kind !== 'CHAL') return;
    await this.command(`ENG_AUTH mac=${engMac(keyHex, String(chal.fields.nonce), serial)}`);
  }
}

/** Kinds a host may send, for the banner. */
export const HOST_KIND_COUNT = Object.values(CATALOGUE).filter((s) => s.dir === 'host').length;

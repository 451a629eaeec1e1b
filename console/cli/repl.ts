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
}

/** What `input` asks of the caller afterwards. */
export type InputResult = 'continue' | 'quit';

export { parseCommand };

/** The interactive console's state machine over one PenClient. */
export class PenRepl {
  raw = false;
  showTlm = true;
  private readonly now: () => number;
  private tlm: TlmSummary;
  private readonly rawSeqs = new Set<number>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly client: PenClient,
    private readonly opts: ReplOptions,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.tlm = new TlmSummary(opts.tlmPeriodMs ?? 1000, this.now());
    this.unsubscribe.push(
      client.on('frame', (m) => this.onFrame(m)),
      client.on('state', (s) => this.opts.print(`-- link ${s.state}${s.reason ? `: ${visible(s.reason)}` : ''}\n`)),
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

  private onFrame(m: PenMessage): void {
    if (m.kind === 'TLM') {
      if (!this.showTlm) return;
      const line = this.tlm.add(m, this.now());
      if (line) this.opts.print(line + '\n');
      return;
    }
    if (m.kind === 'EVT') {
      this.opts.print(formatPenFrame(m) + '\n');
      return;
    }
    // Answers to typed commands are printed by `command`; in raw mode only the client sees them, so show those to our raw lines.
    const re = (m.fields as { re?: number }).re;
    if (re !== undefined && this.rawSeqs.delete(re)) this.opts.print(formatPenFrame(m) + '\n');
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
        this.opts.print(helpText(arg || undefined));
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
        await this.eng(arg || DEFAULT_ENG_KEY_HEX);
        return 'continue';
    }
    if (this.raw) {
      await this.sendRaw(line);
      return 'continue';
    }
    await this.command(line);
    return 'continue';
  }

  /** Send a typed command and print its decoded answer. */
  async command(line: string): Promise<PenMessage | null> {
    const p = parseCommand(line);
    if (!p.ok) {
      this.opts.print(`!! ${p.error}\n`);
      return null;
    }
    const r = await this.client.request(p.kind, p.fields as never);
    if (r.ok) {
      this.opts.print(`${formatPenFrame(r.reply as PenMessage)}  (${r.rttMs.toFixed(1)} ms)\n`);
      return r.reply as PenMessage;
    }
    if (r.error === 'NAK' && r.nak) {
      this.opts.print(`${formatPenFrame(r.nak)}\n`);
      return r.nak;
    }
    this.opts.print(`!! ${p.kind}: ${r.error}${r.key ? ` (${r.key})` : ''}: ${visible(r.message)}\n`);
    return null;
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
      this.tlm = new TlmSummary(Number(arg) * 1000, this.now());
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

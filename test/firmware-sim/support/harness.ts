/** Drives a SimPen through the wire: encoded lines in, decoded frames out. */
import { decodeLine, encode, PROTO_VERSION, SCHEMA_HASH, type Message } from '../../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../../protocol/node/eng-auth.js';
import { createSimPen, type SimPen, type SimPenOptions } from '../../../firmware-sim/src/pen/sim-pen.js';
import { decodeImage, DEVICE_KEY_HEX, type NvmData } from '../../../firmware-sim/src/nvm/image.js';
import type { NvmStore } from '../../../firmware-sim/src/nvm/store.js';

/** The registry a store holds (decoded with the simulator's device key); throws if it does not verify. */
export function nvmData(store: NvmStore): NvmData {
  const r = store.read('image');
  if (!r.ok || r.value === null) throw new Error(`no registry image in ${store.label}`);
  const d = decodeImage(r.value, DEVICE_KEY_HEX);
  if (!d.ok) throw new Error(d.why);
  return d.data;
}

export type Frame = { seq: number; kind: string; fields: Record<string, string | number> };

export class Harness {
  readonly pen: SimPen;
  readonly frames: Frame[] = [];
  readonly raw: string[] = [];
  private seq = 0;

  constructor(opts: SimPenOptions = {}) {
    this.pen = createSimPen({ epochMs: Date.UTC(2026, 10, 21), ...opts });
    this.pen.onOutput((text) => {
      this.raw.push(text);
      const r = decodeLine(text);
      if (r.ok) this.frames.push(r.msg as unknown as Frame);
    });
  }

  /** Send a line and return the pen's answer to it (or undefined if none). */
  line(text: string, seq?: number): Frame | undefined {
    const from = this.frames.length;
    this.pen.receiveLine(text);
    return this.frames.slice(from).find((f) => f.kind !== 'TLM' && f.kind !== 'EVT' && (seq === undefined || f.fields['re'] === seq));
  }

  /** Send a command; returns its answer. */
  cmd(kind: string, fields: Record<string, unknown> = {}): Frame {
    const seq = this.seq++ & 0xffff;
    const r = this.line(encode({ seq, kind, fields } as unknown as Message), seq);
    if (!r) throw new Error(`no answer to ${kind}`);
    return r;
  }

  hello(): Frame {
    return this.cmd('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
  }

  /** Power-cycle over the wire (SIM_POWER CYCLE) and handshake again after the 200 ms boot. */
  powerCycle(): void {
    this.eng();
    const r = this.cmd('SIM_POWER', { op: 'CYCLE' });
    if (r.kind !== 'ACK') throw new Error(`SIM_POWER CYCLE answered ${r.kind} ${JSON.stringify(r.fields)}`);
    this.pen.advance(400);
    this.hello();
  }

  /** Open an engineering session with the default dev key (unless one is open). */
  eng(): void {
    if (this.status().fields['eng'] === 1) return;
    const chal = this.cmd('ENG_OPEN');
    const r = this.cmd('ENG_AUTH', { mac: engMac(DEFAULT_ENG_KEY_HEX, String(chal.fields['nonce']), 'PB-SIM-0001') });
    if (r.kind !== 'ACK') throw new Error('eng auth failed');
  }

  /** Advance pen time, sending a PING every `pingMs` (0: none) as a host heartbeat would. */
  run(ms: number, pingMs = 100): void {
    let left = ms;
    while (left > 0) {
      const d = pingMs > 0 ? Math.min(pingMs, left) : left;
      this.pen.advance(d);
      left -= d;
      if (pingMs > 0) this.cmd('PING');
    }
  }

  /** Boot (self-test and cartridge check done) and handshake. */
  ready(): this {
    this.pen.advance(400);
    this.hello();
    return this;
  }

  since(i: number, kind?: string): Frame[] {
    return this.frames.slice(i).filter((f) => kind === undefined || f.kind === kind);
  }

  evts(ev?: string): Frame[] {
    return this.frames.filter((f) => f.kind === 'EVT' && (ev === undefined || f.fields['ev'] === ev));
  }

  /** Identity and limits (GET_INFO → INFO). */
  info(): Frame {
    return this.cmd('GET_INFO');
  }

  /** State and settings (GET_STATUS → STATUS). */
  status(): Frame {
    return this.cmd('GET_STATUS');
  }

  get state(): string {
    return String(this.status().fields['st']);
  }
}

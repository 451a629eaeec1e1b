/**
 * A small scripted pen on the real PenLink, for session-layer tests that must
 * not depend on the full simulator: answers the handshake, INFO, STATUS, CART, AREA,
 * depth/rate with the area cap (NAK DEPTH_AREA_LIMIT), START/STOP, the
 * engineering challenge, SIM_FAULT (raises a FAULT event) and streams TLM.
 * It records every line it sent and received, so tests can check the
 * console's recording against what really crossed the wire.
 */
import { PenLink, type HostMessage, type LineTransport, type PenReply } from '../../../protocol/src/index.js';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../../protocol/node/eng-auth.js';

const AREAS = [
  { area: 'FOREHEAD', name: 'Forehead', lo: 250, hi: 500, cap: 750 },
  { area: 'CHEEK', name: 'Cheeks and chin', lo: 500, hi: 1000, cap: 2000 },
];

/** Fields the pen reports instead of its own (an implausible INFO, latched faults in STATUS, odd telemetry). */
export interface ScriptedPenOverrides {
  info?: Record<string, unknown>;
  status?: Record<string, unknown>;
  tlm?: Record<string, unknown>;
}

/** The pen's side of a transport, driven by a PenLink. */
export class ScriptedPen {
  readonly sent: string[] = [];
  readonly received: string[] = [];
  readonly link: PenLink;
  private area = 'CHEEK';
  private um = 500;
  private hz = 120;
  private st: 'READY' | 'RUN' | 'FAULT' = 'READY';
  private t = 0;
  private nonce = '';
  private eng = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsub: (() => void)[] = [];

  constructor(
    private transport: LineTransport,
    readonly serial = 'PB-TEST-0001',
    identity: { proto?: number; schema?: string } = {},
    readonly overrides: ScriptedPenOverrides = {},
  ) {
    this.link = new PenLink({
      ...identity,
      send: (line) => {
        this.sent.push(line.replace(/\n$/, ''));
        void this.transport.write(line);
      },
      handle: (msg) => this.handle(msg),
    });
  }

  /** Opens the transport and starts answering. */
  async start(): Promise<void> {
    const r = await this.transport.open();
    if (!r.ok) throw new Error(r.error.message);
    this.attach();
  }

  /** Moves the pen to another transport (a replugged cable): power-cycles the link. */
  async moveTo(t: LineTransport): Promise<void> {
    this.stopTlm();
    for (const u of this.unsub) u();
    this.transport = t;
    this.link.reset();
    await this.start();
  }

  async close(): Promise<void> {
    this.stopTlm();
    for (const u of this.unsub) u();
    await this.transport.close();
  }

  private attach(): void {
    this.unsub = [
      this.transport.on('line', (l) => {
        this.received.push(l.replace(/\r$/, ''));
        this.link.receiveLine(l);
      }),
    ];
  }

  /** The depth setpoint the pen really has. */
  get depthUm(): number {
    return this.um;
  }

  private stopTlm(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private info(): Record<string, unknown> {
    return {
      fw: 'SCRIPT-1', serial: this.serial, dmin: 250, dmax: 2500, dstep: 50, rmin: 50, rmax: 150, tmax: 200,
      profile: 'DEFAULT', pver: 1, phash: '0A0B0C0D', areas: AREAS.length, sim: 1, ...this.overrides.info,
    };
  }

  private status(): Record<string, unknown> {
    const faults = this.st === 'FAULT' ? '0001' : '0000';
    return { st: this.st, area: this.area, um: this.um, hz: this.hz, eng: this.eng ? 1 : 0, faults, present: '0000', selftest: 'PASS', ...this.overrides.status };
  }

  private handle(msg: HostMessage): PenReply {
    const ack: PenReply = { kind: 'ACK', fields: {} };
    const nak = (code: string, extra: Record<string, unknown> = {}): PenReply => ({ kind: 'NAK', fields: { code, ...extra } });
    switch (msg.kind) {
      case 'HELLO':
      case 'GET_INFO':
        return { kind: 'INFO', fields: this.info() };
      case 'GET_STATUS':
        return { kind: 'STATUS', fields: this.status() };
      case 'GET_CART':
        return { kind: 'CART', fields: { status: 'OK', id: 'C16-TEST-01', lot: 'L2026A', type: 'N16', needles: 16, max: 2500, exp: 20271231, sealed: 1, seated: 1, used: 0 } };
      case 'GET_AREA': {
        const a = AREAS[msg.fields.i];
        return a ? { kind: 'AREA', fields: { i: msg.fields.i, n: AREAS.length, ...a } } : nak('BAD_ARGS');
      }
      case 'SET_AREA': {
        const a = AREAS.find((x) => x.area === msg.fields.area);
        if (!a) return nak('AREA_UNKNOWN');
        if (this.um > a.cap) return nak('DEPTH_AREA_LIMIT', { max: a.cap });
        this.area = a.area;
        return ack;
      }
      case 'SET_DEPTH': {
        const um = msg.fields.um;
        if (um < 250 || um > 2500 || um % 50 !== 0) return nak('DEPTH_RANGE', { min: 250, max: 2500 });
        const cap = AREAS.find((x) => x.area === this.area)?.cap ?? 2500;
        if (um > cap) return nak('DEPTH_AREA_LIMIT', { max: cap });
        this.um = um;
        return ack;
      }
      case 'SET_RATE':
        if (msg.fields.hz < 50 || msg.fields.hz > 150) return nak('RATE_RANGE', { min: 50, max: 150 });
        this.hz = msg.fields.hz;
        return ack;
      case 'TLM_RATE':
        this.stopTlm();
        if (msg.fields.hz > 0) this.timer = setInterval(() => this.tlm(), 1000 / msg.fields.hz);
        return ack;
      case 'START':
        if (this.st === 'FAULT') return nak('FAULT_ACTIVE');
        this.st = 'RUN';
        return ack;
      case 'STOP':
        if (this.st === 'RUN') this.st = 'READY';
        return ack;
      case 'CLEAR_FAULT':
        if (this.st === 'FAULT') {
          this.st = 'READY';
          this.link.emit('EVT', { ev: 'FAULT_CLEAR', t: this.t });
        }
        return ack;
      case 'ENG_OPEN':
        this.nonce = '0123456789ABCDEF';
        return { kind: 'CHAL', fields: { nonce: this.nonce } };
      case 'ENG_AUTH':
        if (msg.fields.mac !== engMac(DEFAULT_ENG_KEY_HEX, this.nonce, this.serial)) return nak('AUTH');
        this.eng = true;
        return ack;
      case 'SIM_FAULT':
        if (!this.eng) return nak('LOCKED');
        this.st = 'FAULT';
        queueMicrotask(() => this.link.emit('EVT', { ev: 'FAULT', t: this.t, code: 'DEPTH_TOLERANCE' }));
        return ack;
      default:
        return ack;
    }
  }

  private tlm(): void {
    this.t += 50;
    const running = this.st === 'RUN';
    this.link.emit('TLM', { t: this.t, s: this.st, d: this.um, m: running ? this.um - 10 : 0, r: running ? this.hz : 0, n: running ? this.t : 0, p: 0, c: 312, b: 87, ...this.overrides.tlm });
  }
}

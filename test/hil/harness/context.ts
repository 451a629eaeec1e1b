/**
 * What a case gets: the link, the target's features, and a few protocol-level
 * steps every case needs (handshake, engineering session, inserting a
 * cartridge, getting the pen running). Everything goes over the wire.
 */
import { PROTO_VERSION, SCHEMA_HASH, type Fields } from '../../../protocol/src/index.js';
import { engMac } from '../../../protocol/node/eng-auth.js';
import { fieldsText, frameText } from './frames.js';
import { check, HilFailure, HilLink, HilSkip, type HilMsg, type RxFrame } from './link.js';
import { FEATURE_DOC, type Feature, type HilTarget, type HilWire } from './types.js';

/** How to get a pen running. */
export interface RunOptions {
  /** Sample cartridge id (default N12-OK-01: 12 pins, 2.5 mm). */
  cart?: string;
  depthUm?: number;
  rateHz?: number;
  /** Treatment area (default BODY, whose cap is the hardware ceiling). */
  area?: string;
  /** Telemetry rate while running (default 50 Hz). */
  tlmHz?: number;
  /** Operator's hand (default: left as is). */
  skin?: 'AUTO' | 'ON' | 'OFF';
}

/** One case's view of the pen under test. */
export class CaseContext {
  readonly link: HilLink;
  /** The pen's identity and limits, from the last connect(). */
  info: Fields<'INFO'> | null = null;
  /** The pen's state and settings as of the last connect(). */
  status: Fields<'STATUS'> | null = null;
  readonly logLines: string[] = [];
  readonly metrics: Record<string, number | string> = {};
  private engIsOpen = false;

  constructor(
    readonly target: HilTarget,
    readonly wire: HilWire,
    timeoutMs: number,
  ) {
    this.link = new HilLink(wire, timeoutMs);
  }

  get features(): ReadonlySet<Feature> {
    return this.target.features;
  }

  /** Slack for timing assertions: transport latency of this target, ms. */
  get latencyMs(): number {
    return this.target.latencyMs;
  }

  /** A line for the case's log (shown in the report). */
  log(text: string): void {
    this.logLines.push(`[${Math.round(this.link.now())} ms] ${text}`);
  }

  /** Record a measurement (shown in the report and as a JUnit property). */
  measure(name: string, value: number | string, unit = ''): void {
    this.metrics[name] = typeof value === 'number' ? Math.round(value * 100) / 100 : value;
    this.log(`${name} = ${value}${unit ? ` ${unit}` : ''}`);
  }

  /** Report the case SKIPPED with a reason. */
  skip(reason: string): never {
    throw new HilSkip(reason);
  }

  /** Skip unless the target has `f`. */
  need(f: Feature): void {
    if (!this.features.has(f)) this.skip(`target lacks ${f}: ${FEATURE_DOC[f]}`);
  }

  /** HELLO, then wait until the pen has booted (GET_STATUS st≠BOOT); returns the INFO. */
  async connect(): Promise<Fields<'INFO'>> {
    const hello = await this.link.request('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
    // Every HELLO closes an open engineering session (PROTOCOL.md §6).
    this.engIsOpen = false;
    if (hello.msg.kind !== 'INFO') throw new HilFailure(`HELLO answered ${hello.msg.kind}, expected INFO`);
    const info = hello.msg.fields as Fields<'INFO'>;
    const readStatus = async (): Promise<Fields<'STATUS'>> => {
      const m = await this.link.ok('GET_STATUS', {});
      if (m.kind !== 'STATUS') throw new HilFailure(`GET_STATUS answered ${m.kind}, expected STATUS`);
      return m.fields as Fields<'STATUS'>;
    };
    let status = await readStatus();
    const deadline = this.link.now() + 3000;
    while (status.st === 'BOOT' && this.link.now() < deadline) {
      await this.link.pump(50);
      status = await readStatus();
    }
    check(status.st !== 'BOOT', 'pen still booting 3 s after HELLO');
    this.info = info;
    this.status = status;
    return info;
  }

  /** Open an engineering session (ENG_OPEN → CHAL, ENG_AUTH with the MAC of nonce and serial, SR-17). */
  async engOpen(): Promise<void> {
    if (this.engIsOpen) return;
    const key = this.target.engKeyHex;
    if (key === null) this.skip(`target lacks eng-key: ${FEATURE_DOC['eng-key']}`);
    const info = this.info ?? (await this.connect());
    const chal = await this.link.ok('ENG_OPEN', {});
    check(chal.kind === 'CHAL', `ENG_OPEN answered ${chal.kind}, expected CHAL`);
    await this.link.ok('ENG_AUTH', { mac: engMac(key, String(chal.fields.nonce), info.serial) });
    this.engIsOpen = true;
  }

  /** Forget the session (after a power cycle the pen has forgotten it). */
  engForgotten(): void {
    this.engIsOpen = false;
  }

  /** An accepted SIM_* command (opens the engineering session first, and again if the pen closed it: link loss, idle, SR-17). */
  async sim(kind: 'SIM_FAULT' | 'SIM_CART' | 'SIM_SKIN' | 'SIM_POWER', fields: Record<string, string | number>): Promise<HilMsg> {
    this.need('sim');
    await this.engOpen();
    const r = await this.link.request(kind, fields as never);
    if (r.msg.kind === 'NAK' && r.msg.fields.code === 'LOCKED') {
      this.engIsOpen = false;
      await this.engOpen();
      return this.link.ok(kind, fields as never);
    }
    if (r.msg.kind === 'NAK') throw new HilFailure(`expected ${kind} ${fieldsText(fields)} to be accepted, got ${frameText(r)}`);
    return r.msg;
  }

  /** Insert a sample cartridge and wait for its verification; returns the CART_OK or CART_REJECT event. */
  async insert(id: string): Promise<RxFrame & { msg: HilMsg }> {
    const since = this.link.mark();
    await this.sim('SIM_CART', { op: 'INSERT', id });
    return this.link.waitFor(`EVT CART_OK or CART_REJECT for ${id}`, (m) =>
      m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT') && m.fields.id === id, { since, timeoutMs: 2000 });
  }

  /** Connect, insert a good cartridge, select an area (default BODY: START needs one, SR-02) and apply settings; the pen is READY and idle. */
  async ready(o: RunOptions = {}): Promise<void> {
    if (!this.info) await this.connect();
    const ev = await this.insert(o.cart ?? 'N12-OK-01');
    check(ev.msg.fields.ev === 'CART_OK', `cartridge ${o.cart ?? 'N12-OK-01'} rejected: ${String(ev.msg.fields.code)}`);
    await this.link.ok('SET_AREA', { area: o.area ?? 'BODY' });
    if (o.depthUm !== undefined) await this.link.ok('SET_DEPTH', { um: o.depthUm });
    if (o.rateHz !== undefined) await this.link.ok('SET_RATE', { hz: o.rateHz });
    if (o.skin) await this.sim('SIM_SKIN', { mode: o.skin });
    await this.link.ok('TLM_RATE', { hz: o.tlmHz ?? 50 });
  }

  /** `ready`, then START and wait for RUN. */
  async run(o: RunOptions = {}): Promise<void> {
    await this.ready(o);
    const since = this.link.mark();
    await this.link.ok('START', {});
    await this.link.state('RUN', { since, timeoutMs: 1000 });
  }

  /** Wait for the needle to settle at `um` (TLM m within ±tol for a few samples). */
  async settled(um: number, tolUm = 150, timeoutMs = 4000): Promise<void> {
    let streak = 0;
    await this.link.waitFor(`TLM m within ${tolUm} µm of ${um}`, (m) => {
      if (m.kind !== 'TLM') return false;
      streak = Math.abs(m.fields.m - um) <= tolUm ? streak + 1 : 0;
      return streak >= 3;
    }, { timeoutMs });
  }

  /** Power-cycle the pen (SIM_POWER CYCLE), wait for EVT BOOT, handshake again. */
  async powerCycle(): Promise<void> {
    this.need('power-cycle');
    const since = this.link.mark();
    await this.sim('SIM_POWER', { op: 'CYCLE' });
    await this.link.event('BOOT', {}, { since, timeoutMs: 3000 });
    this.engIsOpen = false;
    this.info = null;
    this.status = null;
    await this.connect();
  }
}

/**
 * What a case gets: the link, the target's features, and the protocol-level
 * steps every case needs (handshake, engineering session, a cartridge, a
 * treatment area, a running pen). Everything goes over the wire; limits and
 * profile rows are read from the pen, never assumed.
 */
import { PROTO_VERSION, SCHEMA_HASH, type Fields } from '../../../protocol/src/index.js';
import { engMac } from '../../../protocol/node/eng-auth.js';
import { acquireCartridge, type CartRequest } from './acquire.js';
import { fieldsText, frameText } from './frames.js';
import { check, HilFailure, HilLink, HilSkip, type HilMsg, type RxFrame } from './link.js';
import type { OperatorRequest } from './operator.js';
import { NEED_DOC, needMet, type Feature, type HilTarget, type HilWire, type Need } from './types.js';

/** One row of the pen's treatment-area profile (GET_AREA). */
export type AreaRow = Fields<'AREA'>;

/** How to get a pen running. */
export interface RunOptions {
  depthUm?: number;
  rateHz?: number;
  /** Treatment area (default: the deepest-capped area of the pen's profile). */
  area?: string;
  /** Telemetry rate while running (default 50 Hz, at most the pen's tmax). */
  tlmHz?: number;
  /** Operator's hand (default: left as is; needs sim). */
  skin?: 'AUTO' | 'ON' | 'OFF';
  /** What the cartridge must be (default: rated for the depth). */
  cart?: CartRequest;
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
  private areaRows: AreaRow[] | null = null;

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

  /** The limits of the last INFO (connect() first). */
  get limits(): Fields<'INFO'> {
    if (!this.info) throw new HilFailure('harness: limits read before connect()');
    return this.info;
  }

  /** The depth and rate the pen starts with and RESET_SETTINGS restores (PROTOCOL.md, power-on settings). */
  get powerOn(): { um: number; hz: number } {
    const i = this.limits;
    return { um: Math.max(250, i.dmin), hz: Math.min(Math.max(120, i.rmin), i.rmax) };
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

  /** Skip unless the need can be met on this target. */
  need(n: Need): void {
    if (!needMet(n, this.features)) this.skip(`needs ${n}: ${NEED_DOC[n]}`);
  }

  /** HELLO, then wait until the pen has booted (GET_STATUS st≠BOOT); returns the INFO. */
  async connect(): Promise<Fields<'INFO'>> {
    const hello = await this.link.request('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
    // Every HELLO closes an open engineering session (PROTOCOL.md §6).
    this.engIsOpen = false;
    if (hello.msg.kind !== 'INFO') throw new HilFailure(`HELLO answered ${frameText(hello)}, expected INFO`);
    this.info = hello.msg.fields as Fields<'INFO'>;
    this.status = await this.statusWhenBooted();
    return this.info;
  }

  /** GET_STATUS, waiting (up to 3 s) while the pen reports BOOT. */
  async statusWhenBooted(): Promise<Fields<'STATUS'>> {
    const deadline = this.link.now() + 3000;
    for (;;) {
      const m = await this.link.ok('GET_STATUS', {});
      if (m.kind !== 'STATUS') throw new HilFailure(`GET_STATUS answered ${m.kind}, expected STATUS`);
      const s = m.fields as Fields<'STATUS'>;
      if (s.st !== 'BOOT') return s;
      check(this.link.now() < deadline, 'pen still booting 3 s after HELLO');
      await this.link.pump(50);
    }
  }

  /** The pen's profile rows (GET_AREA 0…areas−1), read once per connection. */
  async areas(): Promise<AreaRow[]> {
    if (this.areaRows) return this.areaRows;
    const info = this.info ?? (await this.connect());
    const rows: AreaRow[] = [];
    for (let i = 0; i < info.areas; i++) {
      const a = await this.link.ok('GET_AREA', { i });
      check(a.kind === 'AREA', `GET_AREA i=${i} answered ${a.kind}`);
      rows.push(a.fields as AreaRow);
    }
    this.areaRows = rows;
    return rows;
  }

  /** Forget the profile rows (after ENG_PROFILE). */
  profileChanged(): void {
    this.areaRows = null;
  }

  /** The area with the highest cap (ties: the first); the one cases run in unless they need another. */
  async deepestArea(): Promise<AreaRow> {
    const rows = await this.areas();
    check(rows.length > 0, 'the pen\'s profile has no treatment areas');
    return rows.reduce((a, b) => (b.cap > a.cap ? b : a));
  }

  /** The area with the lowest cap (ties: the first). */
  async shallowestArea(): Promise<AreaRow> {
    const rows = await this.areas();
    check(rows.length > 0, 'the pen\'s profile has no treatment areas');
    return rows.reduce((a, b) => (b.cap < a.cap ? b : a));
  }

  /** Open an engineering session (ENG_OPEN → CHAL, ENG_AUTH with the MAC of nonce and serial, SR-17). */
  async engOpen(): Promise<void> {
    if (this.engIsOpen) return;
    const key = this.target.engKeyHex;
    if (key === null) this.skip(`needs eng-key: ${NEED_DOC['eng-key']}`);
    const info = this.info ?? (await this.connect());
    const chal = await this.link.ok('ENG_OPEN', {});
    check(chal.kind === 'CHAL', `ENG_OPEN answered ${chal.kind}, expected CHAL`);
    await this.link.ok('ENG_AUTH', { mac: engMac(key, String(chal.fields.nonce), info.serial) });
    this.engIsOpen = true;
  }

  /** The session was opened outside engOpen() (the reset's batched ENG_AUTH). */
  engOpened(): void {
    this.engIsOpen = true;
  }

  /** Forget the session (the pen closed it: ENG_CLOSE, a power cycle, link loss). */
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

  /**
   * Ask the person at the bench for a physical action and wait for the pen to
   * report it (`pred` on a pen frame). Without --operator the case is skipped
   * naming the action.
   */
  async operator(req: OperatorRequest, what: string, pred: (m: HilMsg) => boolean): Promise<RxFrame & { msg: HilMsg }> {
    const op = this.target.operator;
    if (!op) this.skip(`needs an operator action: ${req.text} (run with --operator to be prompted)`);
    const since = this.link.mark();
    this.log(`operator: ${req.text}`);
    op.ask(req);
    return this.link.waitFor(what, pred, { since, timeoutMs: op.timeoutMs });
  }

  /** Make sure a verified cartridge as requested is in the pen (the fitted one if it suits); returns its CART. */
  async cartridge(req: CartRequest = {}): Promise<Fields<'CART'>> {
    return acquireCartridge(this, req);
  }

  /** Connect, get a cartridge rated for the depth, select an area (default: the deepest), apply settings: the pen is READY. */
  async ready(o: RunOptions = {}): Promise<void> {
    if (!this.info) await this.connect();
    const depth = o.depthUm ?? this.status?.um ?? this.powerOn.um;
    await this.cartridge({ ratedUm: depth, ...o.cart });
    await this.link.ok('SET_AREA', { area: o.area ?? (await this.deepestArea()).area });
    if (o.depthUm !== undefined) await this.link.ok('SET_DEPTH', { um: o.depthUm });
    if (o.rateHz !== undefined) await this.link.ok('SET_RATE', { hz: o.rateHz });
    if (o.skin) await this.sim('SIM_SKIN', { mode: o.skin });
    await this.link.ok('TLM_RATE', { hz: Math.min(o.tlmHz ?? 50, this.limits.tmax) });
  }

  /** `ready`, then START and wait for RUN. */
  async run(o: RunOptions = {}): Promise<void> {
    await this.ready(o);
    const since = this.link.mark();
    await this.link.ok('START', {});
    await this.link.state('RUN', { since, timeoutMs: 1000 });
  }

  /** Skip unless the pen sends telemetry at `hz` (INFO tmax); returns the rate to use. */
  needTelemetry(hz: number): number {
    const tmax = this.limits.tmax;
    if (tmax === 0) this.skip('needs telemetry, and the pen reports tmax=0 (INFO): it sends none');
    return Math.min(hz, tmax);
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

  /** Power-cycle the pen (SIM_POWER CYCLE, or the operator), wait for the self-test's verdict (EVT BOOT or FAULT SELF_TEST), handshake again. */
  async powerCycle(): Promise<void> {
    this.need('power-cycle');
    const since = this.link.mark();
    const booted = (m: HilMsg) => m.kind === 'EVT' && (m.fields.ev === 'BOOT' || (m.fields.ev === 'FAULT' && m.fields.code === 'SELF_TEST'));
    if (this.features.has('sim')) {
      await this.sim('SIM_POWER', { op: 'CYCLE' });
      await this.link.waitFor('EVT BOOT (or FAULT SELF_TEST) after the power cycle', booted, { since, timeoutMs: 3000 });
    } else {
      await this.operator({ action: 'power-cycle', text: 'Switch the pen off and on again (keep the cartridge in)' },
        'EVT BOOT (or FAULT SELF_TEST) after the power cycle', booted);
    }
    this.engIsOpen = false;
    this.info = null;
    this.status = null;
    this.areaRows = null;
    await this.connect();
  }
}

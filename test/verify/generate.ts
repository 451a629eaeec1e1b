/**
 * The adversarial host's choices: seeded, weighted random actions, steered a
 * little by what the oracle knows (a shut gate makes HELLO likely, a running
 * motor makes jitter and removal likely) so that deep states are reached
 * often. Values cover the valid range, its boundaries and beyond.
 */
import { PROTO_VERSION, SCHEMA_HASH } from '../../protocol/src/index.js';
import { BAD_FORMS, actionLabel, type Action, type Fields } from './actions.js';
import type { Oracle } from './oracle/oracle.js';
import { AREA_IDS, SAMPLES, ratedMaxUm } from './oracle/spec.js';
import type { EpisodeSpec } from './runner.js';

/** A small seeded generator (mulberry32). */
export class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed | 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const VALID_CARTS = [...SAMPLES.values()].filter((s) => s.id.includes('-OK-')).map((s) => s.id);
const INVALID_CARTS = [...SAMPLES.values()].filter((s) => !s.id.includes('-OK-')).map((s) => s.id);
const SIM_FAULTS = [
  'DEPTH_DRIFT', 'SERVO_STUCK', 'STALL', 'OVERLOAD', 'FLUID', 'OVERTEMP', 'BATTERY', 'SILENCE', 'GARBAGE', 'DROP_TX',
  'CORRUPT_TX', 'CLEAR', 'CLEAR', 'CLEAR', 'NVM_FAIL', 'NVM_WIPE', 'CLOCK',
];

/** The pen of a new episode: seed, calendar (some on the eve of the sample cartridges' expiry), cartridge, battery, registry. */
export function episodeSpec(r: Rand): EpisodeSpec {
  const eve = r.chance(0.2);
  const epochMs = eve ? Date.UTC(2030, 11, 31, 23, 59, 59) - r.int(0, 30_000) : Date.UTC(2026, 10, 21) + r.int(0, 86_399_999);
  const c = r.next();
  return {
    seed: r.int(1, 2 ** 31 - 2),
    epochMs,
    cartridge: c < 0.7 ? r.pick(VALID_CARTS) : c < 0.8 ? r.pick(INVALID_CARTS) : null,
    batteryPct: r.chance(0.85) ? 100 : r.int(8, 15),
    nvm: r.chance(0.1) ? 'file' : 'memory',
  };
}

/** What the generator may look at of the pen to steer (never what the oracle decides on). */
export interface PenView {
  motorOn: boolean;
  state: string;
  batteryPct: number;
}

/** Generates the actions of one episode, one at a time. */
export class Generator {
  private readonly usedIds = new Set<string>();

  constructor(private readonly r: Rand, private readonly spec: EpisodeSpec, private readonly without: ReadonlySet<string> = new Set()) {
    if (spec.cartridge) this.usedIds.add(spec.cartridge);
  }

  /** The next action, given what the oracle knows and what the pen reports now. */
  next(o: Oracle, pen: PenView): Action {
    for (;;) {
      const x = this.choose(o, pen);
      if (!this.without.has(actionLabel(x))) return x;
    }
  }

  private choose(o: Oracle, pen: PenView): Action {
    const r = this.r;
    const motorOn = pen.motorOn;
    const stuck = pen.state === 'FAULT' || pen.state === 'CHARGE' || pen.state === 'LOWBAT' || pen.state === 'REJECT' || pen.state === 'SPENT';
    const moves: Array<[number, () => Action]> = [
      [o.link.gateOpen ? 1 : 30, () => this.hello()],
      [o.link.eng === 'open' ? 1 : 8, () => ({ a: 'eng', tag: 'eng' })],
      [o.area === null ? 14 : 6, () => this.cmd('SET_AREA', { area: r.chance(0.92) ? r.pick(AREA_IDS) : 'MOON' }, 'SET_AREA')],
      [10, () => this.setDepth(o)],
      [5, () => this.setRate()],
      [motorOn ? 3 : 14, () => this.cmd('START', {})],
      [motorOn ? 6 : 2, () => this.cmd('STOP', {})],
      [o.faults.latched.size > 0 ? 10 : 2, () => this.cmd('CLEAR_FAULT', {})],
      [1, () => this.cmd('RESET_SETTINGS', {})],
      [1, () => this.cmd('TLM_RATE', { hz: r.chance(0.8) ? r.int(0, 200) : r.int(150, 200) }, 'TLM_RATE')],
      [3, () => this.query()],
      [2, () => this.engMisc()],
      [5, () => this.simFault()],
      [stuck ? 6 : 0, () => this.unstick(pen)],
      [pen.state === 'NOCART' || pen.state === 'REJECT' || pen.state === 'SPENT' ? 12 : 5, () => this.simCart(o, motorOn)],
      [1, () => this.cmd('SIM_SKIN', { mode: r.pick(['AUTO', 'ON', 'OFF']) })],
      [1, () => this.cmd('SIM_POWER', { op: r.pick(['CYCLE', 'CYCLE', 'CHARGER_ON', 'CHARGER_OFF', 'CHARGER_OFF']) }, 'SIM_POWER')],
      [1.5, () => ({ a: 'power', tag: o.faults.selfTest === 'pending' ? 'power:during-boot' : 'power' })],
      [28, () => this.wait()],
      [motorOn ? 4 : 0.5, () => this.jitter(o)],
      [motorOn ? 3 : 0.3, () => this.junkHeartbeat()],
      [4, () => this.bad()],
      [3, () => ({ a: 'replay', back: r.int(0, 8), pings: r.chance(0.2), tag: 'replay' })],
      [1, () => ({ a: 'reuse', back: r.int(0, 8), ...this.anyCommand(), tag: 'reuse-seq' })],
      [0.3, () => ({ a: 'seq', to: r.int(65530, 65535), tag: 'seq-wrap' })],
      [1.5, () => ({ a: 'echo', back: r.int(0, 8), tag: 'echo' })],
      [this.spec.nvm === 'file' ? 1 : 0, () => ({ a: 'nvm', op: r.pick(['delete', 'empty', 'break'] as const) })],
    ];
    const total = moves.reduce((s, [w]) => s + w, 0);
    let x = r.next() * total;
    for (const [w, f] of moves) {
      x -= w;
      if (x < 0) return f();
    }
    return this.wait();
  }

  /** Leave a state that refuses START: unplug, recharge, clear injections, swap the cartridge. */
  private unstick(pen: PenView): Action {
    if (pen.state === 'CHARGE') return this.cmd('SIM_POWER', { op: 'CHARGER_OFF' }, 'SIM_POWER');
    if (pen.batteryPct < 12) return this.cmd('SIM_FAULT', { f: 'BATTERY', v: 100 }, 'SIM_FAULT:BATTERY');
    if (pen.state === 'REJECT' || pen.state === 'SPENT') return this.cmd('SIM_CART', { op: 'REMOVE' }, 'SIM_CART:REMOVE');
    return this.r.chance(0.5) ? this.cmd('SIM_FAULT', { f: 'CLEAR' }, 'SIM_FAULT:CLEAR') : this.cmd('CLEAR_FAULT', {});
  }

  private cmd(kind: string, fields: Fields, tag?: string): Action {
    return { a: 'cmd', kind, fields, tag: tag ?? kind };
  }

  private hello(): Action {
    const r = this.r;
    if (r.chance(0.93)) return this.cmd('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
    return this.cmd('HELLO', r.chance(0.5) ? { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH } : { proto: PROTO_VERSION, schema: 'DEADBEEF' }, 'HELLO:mismatch');
  }

  private setDepth(o: Oracle): Action {
    const r = this.r;
    const c = r.next();
    if (c < 0.65) {
      const top = Math.max(250, Math.min(o.depthLimit(), 2500));
      return this.cmd('SET_DEPTH', { um: 50 * r.int(5, top / 50) }, 'SET_DEPTH:valid');
    }
    if (c < 0.85) {
      const ins = o.cart.inserted;
      const edges = [250, 2500, o.areaCap(), o.areaCap() + 50, ins ? ratedMaxUm(ins.rec) : 2500, ins ? ratedMaxUm(ins.rec) + 50 : 2550];
      return this.cmd('SET_DEPTH', { um: r.pick(edges) }, 'SET_DEPTH:boundary');
    }
    return this.cmd('SET_DEPTH', { um: r.pick([0, 200, 240, 260, 2501, 2550, 9999, r.int(0, 9999)]) }, 'SET_DEPTH:invalid');
  }

  private setRate(): Action {
    const r = this.r;
    const c = r.next();
    if (c < 0.75) return this.cmd('SET_RATE', { hz: r.int(50, 150) }, 'SET_RATE:valid');
    if (c < 0.9) return this.cmd('SET_RATE', { hz: r.pick([49, 50, 150, 151]) }, 'SET_RATE:boundary');
    return this.cmd('SET_RATE', { hz: r.int(0, 999) }, 'SET_RATE:invalid');
  }

  private query(): Action {
    const r = this.r;
    const k = r.pick(['PING', 'GET_INFO', 'GET_STATUS', 'GET_CART', 'GET_AREA']);
    return k === 'GET_AREA' ? this.cmd(k, { i: r.int(0, 15) }) : this.cmd(k, {});
  }

  private engMisc(): Action {
    const r = this.r;
    const c = r.next();
    if (c < 0.35) return this.cmd('ENG_PROFILE', { name: r.pick(['DEFAULT', 'TRAINING', 'NOPE']) }, 'ENG_PROFILE');
    if (c < 0.55) return this.cmd('ENG_CLOSE', {});
    if (c < 0.75) return this.cmd('ENG_OPEN', {});
    return { a: 'auth', right: r.chance(0.5), tag: 'ENG_AUTH:alone' };
  }

  private simFault(): Action {
    const r = this.r;
    const f = r.pick(SIM_FAULTS);
    const v: Record<string, () => number | undefined> = {
      DEPTH_DRIFT: () => r.pick([undefined, 300, 1000, 2000, 20000]),
      OVERTEMP: () => r.pick([undefined, 100, 300, 600, 3000, 20000]),
      BATTERY: () => r.pick([2, 3, 5, 9, 10, 11, 50, 100, 100, 100]),
      SILENCE: () => r.int(20, 800),
      GARBAGE: () => r.int(1, 100),
      DROP_TX: () => r.int(10, 60),
      CORRUPT_TX: () => r.int(10, 60),
      CLOCK: () => r.pick([3600, -3600, 86_400, -86_400, r.int(-100_000, 100_000)]),
    };
    const value = v[f]?.();
    return this.cmd('SIM_FAULT', value === undefined ? { f } : { f, v: value }, `SIM_FAULT:${f}`);
  }

  private simCart(o: Oracle, motorOn: boolean): Action {
    const r = this.r;
    if (o.cart.inserted && (r.chance(0.75) || motorOn)) {
      const op = r.pick(['REMOVE', 'REMOVE', 'UNSEAT', 'SEAT']);
      return this.cmd('SIM_CART', { op }, `SIM_CART:${op}`);
    }
    const c = r.next();
    const fresh = VALID_CARTS.filter((id) => !this.usedIds.has(id));
    const id = c < 0.6 && fresh.length > 0 ? r.pick(fresh)
      : c < 0.85 && this.usedIds.size > 0 ? r.pick([...this.usedIds])
      : c < 0.97 ? r.pick(INVALID_CARTS) : 'NO-SUCH-CART';
    const tag = this.usedIds.has(id) ? 'SIM_CART:reinsert' : 'SIM_CART:INSERT';
    this.usedIds.add(id);
    return this.cmd('SIM_CART', { op: 'INSERT', id }, tag);
  }

  private wait(): Action {
    const r = this.r;
    const c = r.next();
    const ms = c < 0.5 ? r.int(1, 20) : c < 0.78 ? r.int(20, 200) : c < 0.86 ? r.int(200, 480) : c < 0.93 ? r.int(480, 520) : c < 0.985 ? r.int(520, 1200) : r.int(1200, 5000);
    const ping = r.chance(0.6) ? r.pick([50, 100, 150, 200, 250, r.int(20, 450)]) : 0;
    const tag = ping === 0 ? (ms > 500 ? 'wait:silent>lease' : 'wait:silent<lease') : 'wait:heartbeat';
    return { a: 'wait', ms, ping, tag };
  }

  /** Time passing with lines that must not renew the lease in place of PINGs (SR-11). */
  private junkHeartbeat(): Action {
    const r = this.r;
    const junk = r.pick(['unknown-kind', 'pen-kind', 'echo', 'bad-value', 'crc', 'extra-key', 'garbage'] as const);
    return { a: 'wait', ms: r.int(300, 1200), ping: r.int(50, 450), junk, tag: `wait:junk-heartbeat:${junk}` };
  }

  private jitter(o: Oracle): Action {
    const r = this.r;
    if (r.chance(0.5)) {
      const top = Math.max(300, Math.min(o.depthLimit(), 2500)) / 50;
      return { a: 'jitter', key: 'depth', x: 50 * r.int(5, top), y: 50 * r.int(5, top), every: r.int(30, 250), n: r.int(2, 24), ping: r.pick([0, 100, 150]), tag: 'jitter:depth' };
    }
    return { a: 'jitter', key: 'rate', x: r.int(50, 150), y: r.int(50, 150), every: r.int(50, 250), n: r.int(2, 24), ping: r.pick([0, 100, 150]), tag: 'jitter:rate' };
  }

  private anyCommand(): { kind: string; fields: Fields } {
    const r = this.r;
    return r.pick<{ kind: string; fields: Fields }>([
      { kind: 'START', fields: {} }, { kind: 'STOP', fields: {} }, { kind: 'PING', fields: {} },
      { kind: 'SET_DEPTH', fields: { um: 50 * r.int(5, 50) } }, { kind: 'CLEAR_FAULT', fields: {} }, { kind: 'SET_AREA', fields: { area: r.pick(AREA_IDS) } },
    ]);
  }

  private bad(): Action {
    const r = this.r;
    const form = r.pick(BAD_FORMS);
    const base: { kind: string; fields: Fields } = form === 'extra-key' && r.chance(0.4) ? { kind: 'STOP', fields: {} }
      : form === 'missing-key' || form === 'bad-value' ? r.pick<{ kind: string; fields: Fields }>([{ kind: 'SET_DEPTH', fields: { um: 1000 } }, { kind: 'SET_AREA', fields: { area: 'CHEEK' } }, { kind: 'SET_RATE', fields: { hz: 100 } }])
      : this.anyCommand();
    return { a: 'bad', form, ...base, tag: `bad:${form}${base.kind === 'STOP' ? ':STOP' : ''}` };
  }
}

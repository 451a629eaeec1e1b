/**
 * The simulated pen: the statechart, the physics and the link, on one clock.
 * Host lines go through PenLink (framing, order of checks, handshake, dedupe,
 * SR-15, SR-16) to `handle`, which turns a command into one machine event and
 * returns the one reply the machine gave. Physics is stepped in 1 ms steps of
 * the pen's clock (an XState SimulatedClock, advanced by `advance(ms)`:
 * compressed in tests and benches, paced by the wall clock in the CLI); only
 * edges of its sensors become machine events.
 */
import { createActor, type Actor } from 'xstate';
import type { PenState } from '../../../protocol/src/index.js';
import { PenLink, type PenReply } from '../../../protocol/src/pen/pen-link.js';
import { DEFAULT_ENG_KEY_HEX } from '../../../protocol/node/eng-auth.js';
import { FACTORY_KEY_HEX } from '../cartridge/record.js';
import { sampleCartridge } from '../cartridge/samples.js';
import type { PenEvent } from '../machine/context.js';
import type { guards } from '../machine/guards.js';
import { FULL_LIMITS, limitsProblem, type PenLimits } from '../machine/limits.js';
import { penMachine } from '../machine/pen.machine.js';
import { reportedState, type RegionsValue } from '../machine/reported-state.js';
import { DEVICE_KEY_HEX } from '../nvm/image.js';
import { MemoryNvm } from '../nvm/store.js';
import { stepWorld, type Actuation } from '../physics/world.js';
import { DEFAULT_PROFILE } from '../profiles/profile.js';
import { cryptoNonce } from './commands.js';
import { answerHostCommand, type CommandHost } from './host-commands.js';
import { conditionPresent } from '../safety/monitor.js';
import { PenMemory } from './pen-memory.js';
import { PenWorld } from './pen-world.js';
import { checkSerial } from './replies.js';
import { SensorEdges, type SensorPort } from './sensor-edges.js';
import { applySim } from './sim-commands.js';
import { TelemetryPacer, tlmFields } from './telemetry-pacer.js';
import type { TxImpairer } from './tx-faults.js';
import { BOOT_MS, STEP_MS, type PenSnapshot, type SimPenOptions } from './types.js';

export { BOOT_MS, CART_LIFE_MS, LEASE_MS, STEP_MS, VERIFY_MS, type PenSnapshot, type SimPenOptions } from './types.js';

type MachineActor = Actor<typeof penMachine>;

/** A simulated pen (see the file comment). */
export class SimPen extends PenWorld {
  readonly link: PenLink;
  /** The limits this pen enforces and reports in INFO. */
  readonly limits: PenLimits;
  private readonly memory: PenMemory;
  private readonly serial: string;
  private readonly engKeyHex: string;
  private readonly nonce: () => string;
  private readonly listeners: ((text: string) => void)[] = [];
  private readonly machine;
  private actor!: MachineActor;
  private readonly sensors = new SensorEdges();
  private readonly sensorPort: SensorPort = {
    context: () => this.actor.getSnapshot().context,
    actuation: () => this.act,
    reported: () => this.reported,
    engActive: () => this.engRegion() !== 'locked',
    send: (ev) => this.send(ev),
  };
  private readonly tlm = new TelemetryPacer();
  private act: Actuation = { extend: false, motorOn: false, depthUm: 0, rateHz: 0 };
  private reported: PenState = 'BOOT';
  private pendingReply: PenReply | null = null;
  private lastHostCommand = 0;
  private lastEngCommand = 0;
  private selfTestBoot = -1;
  /** Power cycles so far. */
  boots = 0;

  constructor(opts: SimPenOptions = {}) {
    super((opts.seed ?? 1) | 0, opts.batteryPct ?? 100, opts.epochMs ?? Date.now());
    this.limits = { ...FULL_LIMITS, ...opts.limits };
    const bad = limitsProblem(this.limits);
    if (bad) throw new Error(`limits: ${bad.key} ${bad.why}`);
    this.memory = new PenMemory(opts.nvm ?? new MemoryNvm(), opts.deviceKeyHex ?? DEVICE_KEY_HEX);
    this.serial = checkSerial(opts.serial ?? 'PB-SIM-0001');
    this.engKeyHex = opts.engKeyHex ?? DEFAULT_ENG_KEY_HEX;
    this.nonce = opts.nonce ?? cryptoNonce;
    if (opts.send) this.listeners.push(opts.send);
    const linkOpts: ConstructorParameters<typeof PenLink>[0] = {
      send: (line) => this.out(line),
      handle: (msg) => answerHostCommand(msg, this.commandHost),
      // SR-11: only a well-formed host command renews the lease (and keeps an engineering session's link alive).
      onHostCommand: () => {
        this.lastHostCommand = this.clock.t;
      },
      // SR-17: a new host never inherits an engineering session (or a pending challenge).
      onHello: () => {
        if (this.engRegion() !== 'locked') this.send({ type: 'eng.close', reason: 'HELLO' });
      },
      now: () => this.clock.t,
    };
    if (opts.proto !== undefined) linkOpts.proto = opts.proto;
    if (opts.schema !== undefined) linkOpts.schema = opts.schema;
    this.link = new PenLink(linkOpts);
    this.machine = penMachine.provide({
      guards: this.guardOverrides(),
      actions: {
        reply: (_, params) => {
          // Exactly one reply per command; a second one would be a chart bug, keep the first.
          if (this.pendingReply === null) this.pendingReply = params;
        },
        emitEvt: (_, params) => this.evt(params),
        // SR-08, SR-14: a write problem latches its fault (queued behind the current event: the
        // needle never moves on a first fire that was not recorded).
        persist: ({ context }) => {
          const p = this.memory.persist(context);
          if (p) this.actor.send({ type: 'sensor.fault', code: p.code, present: true, msg: p.why });
        },
        applySim: ({ event }) => {
          if (event.type === 'cmd.sim') this.pendingReply = applySim(event.msg, this);
        },
      },
    });
    if (opts.cartridge !== undefined && !sampleCartridge(opts.cartridge)) throw new Error(`unknown sample cartridge ${opts.cartridge}`);
    this.boot(opts.cartridge);
  }

  // ---------------------------------------------------------------- public API

  /** Subscribe to output text (complete lines, or garbage bytes); returns the unsubscribe function. */
  onOutput(fn: (text: string) => void): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Feed one line received from the host. */
  receiveLine(line: string): void {
    this.link.receiveLine(line);
  }

  /** Advance the pen's clock by `ms`, stepping physics, timers, supervision and telemetry. */
  advance(ms: number): void {
    let left = ms;
    while (left > 1e-9) {
      const dt = Math.min(STEP_MS, left);
      this.step(dt);
      left -= dt;
    }
  }

  /** The reported state. */
  get state(): PenState {
    return this.reported;
  }

  /** A copy of everything observable. */
  snapshot(): PenSnapshot {
    const s = this.actor.getSnapshot();
    const w = this.world;
    const strokes = Math.floor(w.motor.strokes - this.strokeBase);
    return {
      t: this.clock.t, state: this.reported, value: s.value, context: s.context,
      motorOn: this.act.motorOn, extended: this.act.extend,
      depthUm: s.context.depthUm, measuredUm: w.servo.meas, trueDepthUm: w.servo.pos, refUm: w.servo.ref,
      rateHz: s.context.rateHz, measuredHz: w.motor.hz, strokes,
      punctures: strokes * (this.inserted?.sample.needles ?? 0),
      tempC: w.tempC, batteryPct: w.batteryPct, contact: w.operator.contact,
      needleOnMs: this.inserted?.needleOnMs ?? 0, tlmHz: this.tlm.hz,
      calendarMs: this.calendarMs(), engOpen: this.engRegion() === 'open',
      nvm: this.memory.health,
    };
  }

  /** Cut power and boot again: volatile state is lost, NVM and the physical world (cartridge, battery, heat) stay. */
  override powerCycle(): void {
    this.actor.stop();
    this.link.reset();
    this.boot(undefined);
  }

  /** The statechart's current snapshot (immutable; identity changes only when the machine changed). */
  machineSnapshot(): ReturnType<MachineActor['getSnapshot']> {
    return this.actor.getSnapshot();
  }

  /** Counters of the transmit impairments. */
  get txCounts(): TxImpairer['counts'] {
    return { ...this.tx.counts };
  }

  /**
   * Guards replaced in this pen's statechart. The shipped pen replaces none; only the
   * test-only broken pen (firmware-sim/src/testing/broken-pen.ts) overrides this.
   */
  protected guardOverrides(): Partial<typeof guards> {
    return {};
  }

  // ------------------------------------------------------------ host commands

  private readonly commandHost: CommandHost = {
    limits: () => this.limits,
    now: () => this.clock.t,
    calendarMs: () => this.calendarMs(),
    reported: () => this.reported,
    engOpen: () => this.engRegion() === 'open',
    context: () => this.actor.getSnapshot().context,
    needleOnMs: () => this.inserted?.needleOnMs ?? 0,
    depthNowUm: () => (this.act.extend ? Math.round(Math.max(this.world.servo.ref, this.world.servo.pos)) : 0),
    nonce: () => this.nonce(),
    // SR-14: CLEAR_FAULT looks at the sensors as they are when it arrives: a cause that came back
    // since the last step (an injection in the same millisecond) keeps its fault latched.
    presentConditions: () =>
      this.actor.getSnapshot().context.faults.filter((c) => conditionPresent(c, this.world, this.hw, this.inserted?.fluid ?? false, this.memory.health)),
    setTlmRate: (hz) => this.tlm.setRate(hz),
    engCommand: () => {
      this.lastEngCommand = this.clock.t;
    },
    dispatch: (ev) => {
      this.pendingReply = null;
      this.send(ev);
      const r = this.pendingReply as PenReply | null;
      this.pendingReply = null;
      return r;
    },
  };

  // ------------------------------------------------------------ NVM (SIM_FAULT)

  setNvmFail(on: boolean): void {
    this.memory.setFail(on);
  }

  wipeNvm(): void {
    this.memory.wipe();
  }

  // ------------------------------------------------------------ machine glue

  private boot(cartridgeId: string | undefined): void {
    this.boots++;
    const { data, problem } = this.memory.boot();
    const faults = [...data.faults];
    if (problem && !faults.includes(problem.code)) faults.push(problem.code);
    this.tlm.setRate(0);
    this.powerLoss();
    const batteryPct = this.sensors.reset(this.world.batteryPct, this.calendarMs());
    this.lastHostCommand = this.clock.t;
    this.lastEngCommand = this.clock.t;
    this.selfTestBoot = -1;
    this.actor = createActor(this.machine, {
      input: {
        serial: this.serial, engKeyHex: this.engKeyHex, factoryKeyHex: FACTORY_KEY_HEX, limits: this.limits, profile: DEFAULT_PROFILE,
        registry: { used: data.used, contaminated: data.contaminated, recalledLots: data.recalledLots },
        faults, faultNote: problem?.why ?? null, batteryPct, charging: this.hw.charger,
      },
    });
    this.actor.start();
    this.reported = 'BOOT';
    this.syncActuation();
    if (this.hw.charger) this.send({ type: 'sensor.charger', on: true });
    this.send({ type: 'sensor.battery', pct: batteryPct });
    if (cartridgeId !== undefined) this.insertCart(cartridgeId);
    else if (this.inserted) this.announceCart(this.inserted);
  }

  /** SR-14: a pending self-test (power-up, or a failed one cleared by the host) runs for BOOT_MS. */
  private scheduleSelfTest(): void {
    if (this.actor.getSnapshot().context.selfTest !== 'PENDING' || this.selfTestBoot === this.boots) return;
    this.selfTestBoot = this.boots;
    const bootNo = this.boots;
    this.clock.later(() => {
      if (bootNo !== this.boots) return;
      this.selfTestBoot = -1;
      // The self-test exercises the servo and the motor: any injected fault of either fails it.
      const ok = this.hw.servoFault.kind === 'none' && this.hw.motorFault === 'none';
      this.send({ type: 'sensor.selfTest', ok });
    }, BOOT_MS);
  }

  protected send(ev: PenEvent): void {
    this.actor.send(ev);
    this.syncActuation();
    this.scheduleSelfTest();
  }

  private engRegion(): string {
    return (this.actor.getSnapshot().value as unknown as RegionsValue).eng;
  }

  private syncActuation(): void {
    const s = this.actor.getSnapshot();
    const v = s.value as unknown as RegionsValue;
    const running = typeof v.mode === 'object' && 'running' in v.mode;
    const c = s.context;
    this.act = { extend: running, motorOn: running, depthUm: c.depthUm, rateHz: c.rateHz };
    const st = reportedState(v);
    if (st !== this.reported) {
      this.reported = st;
      this.evt({ ev: 'STATE', st });
    }
  }

  private evt(fields: Record<string, string | number>): void {
    this.link.emit('EVT', { ...fields, t: Math.floor(this.clock.t) >>> 0 });
  }

  // ------------------------------------------------------------ the physics loop

  private step(dt: number): void {
    if (this.txArmed.length > 0) this.applyArmedTx(this.listeners);
    this.world = stepWorld(this.world, this.act, this.hw, dt);
    this.clock.tick(dt);
    const now = this.clock.t;
    this.sensors.step({
      world: this.world, hw: this.hw, inserted: this.inserted, now, lastHostCommand: this.lastHostCommand, lastEngCommand: this.lastEngCommand,
      calendarMs: this.calendarMs(), nvm: () => this.memory.health,
    }, dt, this.sensorPort);
    if (this.memory.retry(now, this.actor.getSnapshot().context)) this.send({ type: 'sensor.conditionGone', code: 'NVM_WRITE' });
    for (let n = this.tlm.due(dt); n > 0; n--) this.telemetry(now);
  }

  private telemetry(now: number): void {
    this.link.emit('TLM', tlmFields(now, this.reported, this.actor.getSnapshot().context, this.world, this.strokeBase));
  }

  private out(text: string): void {
    const line = this.tx.apply(text, this.clock.t);
    if (line === null) return;
    for (const fn of this.listeners) fn(line);
  }
}

/** A simulated pen with defaults suited to tests (in-memory NVM, seed 1). */
export function createSimPen(opts: SimPenOptions = {}): SimPen {
  return new SimPen(opts);
}

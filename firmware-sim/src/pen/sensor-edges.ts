/**
 * What the firmware's sensors see after each physics step, as statechart
 * events: only edges become events (a new fault condition, a condition gone,
 * skin contact on or off, the needle home, a new battery percent, the lease
 * running out, the cartridge's needle-on time used up), so a stroke is never
 * an event. The order of the events within a step is part of the simulator's
 * determinism (same seed and inputs → same output).
 */
import type { PenState } from '../../../protocol/src/index.js';
import { ymd } from '../cartridge/verify.js';
import type { EngCloseReason, PenContext, PenEvent } from '../machine/context.js';
import type { Actuation, Hardware, World } from '../physics/world.js';
import { conditionPresent, initialMonitor, stepMonitor, type MonitorState, type NvmHealth } from '../safety/monitor.js';
import { CART_LIFE_MS, ENG_IDLE_MS, ENG_LINK_MS, LEASE_MS, type Inserted } from './types.js';

/**
 * The pen around the sensors. Read live: every event may change the machine's
 * context, the actuation and the reported state before the next check.
 */
export interface SensorPort {
  context(): PenContext;
  actuation(): Actuation;
  reported(): PenState;
  /** An engineering session is open, or a challenge is pending (SR-17). */
  engActive(): boolean;
  send(ev: PenEvent): void;
}

/** What one step's supervision looks at (none of it changes while the step's events are handled). */
export interface SensorInputs {
  world: World;
  hw: Hardware;
  inserted: Inserted | null;
  now: number;
  /** Pen time of the last well-formed host command (SR-11). */
  lastHostCommand: number;
  /** Pen time of the last engineering command (ENG_*, SIM_*), or of the session's opening (SR-17). */
  lastEngCommand: number;
  /** The pen's calendar: ms since 1970 (SR-07 expiry). */
  calendarMs: number;
  /** Read live: a write made during this step (a fault's persistence) may find the registry broken (SR-14). */
  nvm(): NvmHealth;
}

const DAY_MS = 86_400_000;

/** Edge detection over the sensors, with the little state it needs between steps. */
export class SensorEdges {
  private monitor: MonitorState = initialMonitor();
  private lastBattery = 100;
  private lastContact = false;
  private lastDay = 0;

  /** Power-up: timers cleared, the battery read afresh, the hand assumed off the skin. Returns the battery %. */
  reset(batteryPct: number, calendarMs: number): number {
    this.monitor = initialMonitor();
    this.lastContact = false;
    this.lastBattery = Math.floor(batteryPct);
    this.lastDay = Math.floor(calendarMs / DAY_MS);
    return this.lastBattery;
  }

  /** Send the events of one physics step of `dt` ms. Mutates `inputs.inserted` (needle-on time). */
  step(inputs: SensorInputs, dt: number, port: SensorPort): void {
    const { world: w, hw, now } = inputs;
    const ctx = port.context();
    const fluid = inputs.inserted?.fluid ?? false;
    // Supervision (SR-05, SR-06, SR-12, SR-13): only new conditions become events.
    const mon = stepMonitor(this.monitor, w, { running: port.actuation().motorOn, rateHz: ctx.rateHz, cartPresent: inputs.inserted !== null, fluid }, dt);
    this.monitor = mon.m;
    for (const code of mon.raise) {
      if (!port.context().faults.includes(code)) port.send({ type: 'sensor.fault', code, present: true });
    }
    for (const code of port.context().conditions) {
      if (!conditionPresent(code, w, hw, fluid, inputs.nvm())) port.send({ type: 'sensor.conditionGone', code });
    }
    if (w.operator.contact !== this.lastContact) {
      this.lastContact = w.operator.contact;
      port.send({ type: 'sensor.skin', on: w.operator.contact, t: now });
    }
    if (!port.actuation().extend && w.servo.pos <= 0 && port.reported() === 'STOP') port.send({ type: 'sensor.retracted' });
    const pct = Math.floor(w.batteryPct);
    if (pct !== this.lastBattery) {
      this.lastBattery = pct;
      port.send({ type: 'sensor.battery', pct });
    }
    // SR-07: the calendar crossing midnight (or moved by SIM_FAULT CLOCK) re-checks expiry.
    const day = Math.floor(inputs.calendarMs / DAY_MS);
    if (day !== this.lastDay) {
      this.lastDay = day;
      port.send({ type: 'sensor.date', today: ymd(new Date(inputs.calendarMs)) });
    }
    if (port.actuation().motorOn) this.whileRunning(inputs, dt, port);
    // SR-17: the engineering session dies with its host's link, and when left idle.
    if (port.engActive()) {
      let reason: EngCloseReason | null = null;
      if (now - inputs.lastHostCommand > ENG_LINK_MS) reason = 'link';
      else if (now - inputs.lastEngCommand > ENG_IDLE_MS) reason = 'idle';
      if (reason) port.send({ type: 'eng.close', reason });
    }
  }

  /** The lease (SR-11) and the cartridge's needle-on time (SR-09), counted while the motor runs. */
  private whileRunning(inputs: SensorInputs, dt: number, port: SensorPort): void {
    // SR-11: a running pen needs a well-formed host command at least every 500 ms; the
    // engineering session goes with the link (SR-17).
    if (inputs.now - inputs.lastHostCommand > LEASE_MS) {
      port.send({ type: 'sensor.leaseExpired' });
      if (port.engActive()) port.send({ type: 'eng.close', reason: 'link' });
    }
    const ins = inputs.inserted;
    if (!ins) return;
    ins.needleOnMs += dt;
    // SR-09: 60 min of needle-on time spends the cartridge.
    if (ins.needleOnMs >= CART_LIFE_MS && !ins.spentSent) {
      ins.spentSent = true;
      port.send({ type: 'sensor.cartSpent', needleOnMs: ins.needleOnMs });
    }
  }
}

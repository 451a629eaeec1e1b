/**
 * What the firmware's sensors see after each physics step, as statechart
 * events: only edges become events (a new fault condition, a condition gone,
 * skin contact on or off, the needle home, a new battery percent, the lease
 * running out, the cartridge's needle-on time used up), so a stroke is never
 * an event. The order of the events within a step is part of the simulator's
 * determinism (same seed and inputs → same output).
 */
import type { FaultCode, PenState } from '../../../protocol/src/index.js';
import type { PenContext, PenEvent } from '../machine/context.js';
import { refAtTarget } from '../physics/servo.js';
import type { Actuation, Hardware, World } from '../physics/world.js';
import { conditionPresent, initialMonitor, stepMonitor, type MonitorState } from '../safety/monitor.js';
import { CART_LIFE_MS, LEASE_MS, type Inserted } from './types.js';

/**
 * The pen around the sensors. Read live: every event may change the machine's
 * context, the actuation and the reported state before the next check.
 */
export interface SensorPort {
  context(): PenContext;
  actuation(): Actuation;
  reported(): PenState;
  send(ev: PenEvent): void;
}

/** What one step's supervision looks at (none of it changes while the step's events are handled). */
export interface SensorInputs {
  world: World;
  hw: Hardware;
  inserted: Inserted | null;
  now: number;
  /** Pen time of the last CRC-valid frame from the host (SR-11). */
  lastValidFrame: number;
}

/** Edge detection over the sensors, with the little state it needs between steps. */
export class SensorEdges {
  private monitor: MonitorState = initialMonitor();
  private lastBattery = 100;
  private lastContact = false;

  /** Power-up: timers cleared, the battery read afresh, the hand assumed off the skin. Returns the battery %. */
  reset(batteryPct: number): number {
    this.monitor = initialMonitor();
    this.lastContact = false;
    this.lastBattery = Math.floor(batteryPct);
    return this.lastBattery;
  }

  /** Send the events of one physics step of `dt` ms. Mutates `inputs.inserted` (needle-on time). */
  step(inputs: SensorInputs, dt: number, port: SensorPort): void {
    const { world: w, hw, now } = inputs;
    const ctx = port.context();
    // Supervision (SR-05, SR-06, SR-12, SR-13): only new conditions become events.
    const mon = stepMonitor(this.monitor, w, {
      running: port.actuation().motorOn, depthUm: ctx.depthUm, rateHz: ctx.rateHz,
      refAtTarget: refAtTarget(w.servo, ctx.depthUm), cartPresent: inputs.inserted !== null, fluid: inputs.inserted?.fluid ?? false,
    }, dt);
    this.monitor = mon.m;
    for (const code of mon.raise) {
      if (!port.context().faults.includes(code)) port.send({ type: 'sensor.fault', code, present: true });
    }
    for (const code of port.context().conditions) {
      if (!conditionPresent(code, w, hw, inputs.inserted?.fluid ?? false) && !selfTestStillFailing(code, hw)) {
        port.send({ type: 'sensor.conditionGone', code });
      }
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
    if (port.actuation().motorOn) this.whileRunning(inputs, dt, port);
  }

  /** The lease (SR-11) and the cartridge's needle-on time (SR-09), counted while the motor runs. */
  private whileRunning(inputs: SensorInputs, dt: number, port: SensorPort): void {
    // SR-11: a running pen needs a valid frame from the host at least every 500 ms.
    if (inputs.now - inputs.lastValidFrame > LEASE_MS) port.send({ type: 'sensor.leaseExpired' });
    const ins = inputs.inserted;
    if (!ins) return;
    ins.needleOnMs += dt;
    // SR-09: 60 min of needle-on time spends the cartridge.
    if (ins.needleOnMs >= CART_LIFE_MS && !ins.spentSent) {
      ins.spentSent = true;
      port.send({ type: 'sensor.cartSpent' });
    }
  }
}

/** A failed self-test stays failed while its injected cause (a stuck servo, a stalled motor) is still there. */
function selfTestStillFailing(code: FaultCode, hw: Hardware): boolean {
  return code === 'SELF_TEST' && (hw.servoFault.kind === 'stuck' || hw.motorFault === 'stall');
}

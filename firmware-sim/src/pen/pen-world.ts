/**
 * The simulated pen's physical side: the physics state, the injected hardware
 * faults and the inserted cartridge, and the SIM_* operations on them. The
 * firmware (SimPen) learns of every change only through sensor events.
 */
import type { PenEvent } from '../machine/context.js';
import { recordOf, sampleCartridge } from '../cartridge/samples.js';
import { ymd } from '../cartridge/verify.js';
import type { SkinMode } from '../physics/operator.js';
import { healthyHardware, initialWorld, type Hardware, type World } from '../physics/world.js';
import { PenClock } from './pen-clock.js';
import type { SimHardware } from './sim-commands.js';
import { TxImpairer } from './tx-faults.js';
import { VERIFY_MS, type Inserted } from './types.js';
import { Rng } from '../physics/rng.js';

/** Physical state and SIM_* targets, shared by the firmware glue in SimPen. */
export abstract class PenWorld implements SimHardware {
  readonly clock = new PenClock();
  protected world: World;
  protected hw: Hardware = healthyHardware();
  protected inserted: Inserted | null = null;
  protected txArmed: Array<{ kind: 'SILENCE' | 'GARBAGE' | 'DROP_TX' | 'CORRUPT_TX'; v: number }> = [];
  protected powerCycleArmed = false;
  protected strokeBase = 0;
  protected readonly tx: TxImpairer;
  /** SIM_FAULT CLOCK: how far the calendar (a battery-backed clock: it survives a power cycle) was moved, ms. */
  private calendarOffsetMs = 0;
  private insertToken = 0;

  constructor(
    seed: number,
    batteryPct: number,
    protected readonly epochMs: number,
  ) {
    this.world = initialWorld(seed, batteryPct);
    this.tx = new TxImpairer(new Rng(seed ^ 0x0f1a));
  }

  /** Deliver a sensor event to the firmware. */
  protected abstract send(ev: PenEvent): void;
  /** Cut power and boot again. */
  abstract powerCycle(): void;

  /** Pen time, ms. */
  now(): number {
    return this.clock.t;
  }

  /** The pen's calendar, ms since 1970 (SR-07 expiry is checked against it). */
  calendarMs(): number {
    return this.epochMs + this.clock.t + this.calendarOffsetMs;
  }

  moveCalendar(s: number): void {
    this.calendarOffsetMs += s * 1000;
  }

  abstract setNvmFail(on: boolean): void;
  abstract wipeNvm(): void;

  private later(fn: () => void, ms: number): void {
    this.clock.later(fn, ms);
  }


  cartInserted(): boolean {
    return this.inserted !== null;
  }

  insertCart(id: string): boolean {
    const sample = sampleCartridge(id);
    if (!sample || this.inserted) return false;
    this.strokeBase = this.world.motor.strokes;
    const ins: Inserted = { sample, seated: true, fluid: false, needleOnMs: 0, strokesAtInsert: this.strokeBase, spentSent: false, token: 0 };
    this.inserted = ins;
    this.announceCart(ins);
    return true;
  }

  protected announceCart(ins: Inserted): void {
    ins.token = ++this.insertToken;
    const token = ins.token;
    this.send({ type: 'sensor.cartridgeIn', record: recordOf(ins.sample), seated: ins.seated });
    this.later(() => {
      if (this.inserted?.token !== token) return;
      this.send({ type: 'sensor.cartRead', today: ymd(new Date(this.calendarMs())) });
    }, VERIFY_MS);
  }

  removeCart(): void {
    if (!this.inserted) return;
    this.inserted = null;
    this.send({ type: 'sensor.cartridgeOut' });
  }

  setSeated(on: boolean): void {
    if (!this.inserted) return;
    this.inserted.seated = on;
    this.send({ type: 'sensor.seated', on });
  }

  setServoDrift(rate: number): void {
    this.hw = { ...this.hw, servoFault: { kind: 'drift', rate } };
  }

  setServoStuck(): void {
    this.hw = { ...this.hw, servoFault: { kind: 'stuck' } };
  }

  setMotorFault(f: 'stall' | 'overload'): void {
    this.hw = { ...this.hw, motorFault: f };
  }

  setFluid(): void {
    if (this.inserted) this.inserted.fluid = true;
  }

  setHeater(extraC: number): void {
    this.hw = { ...this.hw, heaterC: extraC };
  }

  setBattery(pct: number): void {
    this.world = { ...this.world, batteryPct: pct };
  }

  setSkin(mode: SkinMode): void {
    this.hw = { ...this.hw, skinMode: mode };
  }

  armTx(kind: 'SILENCE' | 'GARBAGE' | 'DROP_TX' | 'CORRUPT_TX', v: number): void {
    this.txArmed.push({ kind, v });
  }

  clearInjections(): void {
    this.hw = { ...healthyHardware(), charger: this.hw.charger };
    this.tx.config = { silenceUntil: 0, dropPct: 0, corruptPct: 0 };
    this.txArmed = [];
    this.setNvmFail(false);
  }

  schedulePowerCycle(): void {
    if (this.powerCycleArmed) return;
    this.powerCycleArmed = true;
    // After this command's ACK has gone out.
    this.later(() => this.powerCycle(), 1);
  }

  setCharger(on: boolean): void {
    this.hw = { ...this.hw, charger: on };
    this.send({ type: 'sensor.charger', on });
  }

  /** Power loss: the needle retracts and the motor stops at once; transmit impairments and a pending power cycle are gone. */
  protected powerLoss(): void {
    this.txArmed = [];
    this.tx.config = { silenceUntil: 0, dropPct: 0, corruptPct: 0 };
    this.powerCycleArmed = false;
    this.world = { ...this.world, servo: { ...this.world.servo, pos: 0, ref: 0, vel: 0, meas: 0 }, motor: { ...this.world.motor, hz: 0 } };
  }

  /** Start the transmit impairments armed by SIM_FAULT (after that command's ACK went out). */
  protected applyArmedTx(listeners: readonly ((text: string) => void)[]): void {
    for (const a of this.txArmed) {
      const now = this.clock.t;
      if (a.kind === 'SILENCE') this.tx.config.silenceUntil = now + a.v;
      else if (a.kind === 'DROP_TX') this.tx.config.dropPct = a.v;
      else if (a.kind === 'CORRUPT_TX') this.tx.config.corruptPct = a.v;
      else {
        const g = this.tx.garbage(a.v);
        for (const fn of listeners) fn(g);
      }
    }
    this.txArmed = [];
  }
}

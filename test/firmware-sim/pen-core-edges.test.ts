/**
 * The pen core's glue between the world and the statechart, where the mutation
 * run of sim-pen.ts and sensor-edges.ts found behaviour no test pinned: when
 * STOP ends (the needle home, not the command), what a power-up tells the
 * chart (charger, battery, a self-test that belongs to an earlier boot), a cause
 * that comes back in the millisecond of a CLEAR_FAULT, and the simulator's own
 * options (seed, battery, sample cartridge, output subscriptions, snapshot).
 */
import { describe, expect, it } from 'vitest';
import type { PenContext, PenEvent } from '../../firmware-sim/src/machine/context.js';
import { FULL_LIMITS } from '../../firmware-sim/src/machine/limits.js';
import { answerHostCommand, type CommandHost } from '../../firmware-sim/src/pen/host-commands.js';
import { createSimPen } from '../../firmware-sim/src/pen/sim-pen.js';
import { encode, type HostMessage, type Message } from '../../protocol/src/index.js';
import { RETRACT_UM_PER_MS } from '../../firmware-sim/src/physics/servo.js';
import { Harness } from './support/harness.js';
import { READY, running } from './support/running.js';

const pingLine = (seq: number) => encode({ seq, kind: 'PING', fields: {} } as unknown as Message);

describe('pen core edges', () => {
  it('SR-16 after STOP the pen reports STOP until the needle is home, and READY from the step it arrives', () => {
    const h = running(READY, 2000);
    h.run(1000);
    const from = h.pen.snapshot().trueDepthUm;
    expect(from).toBeGreaterThan(1900);
    expect(h.cmd('STOP').kind).toBe('ACK');
    const steps = Math.ceil(from / RETRACT_UM_PER_MS);
    for (let i = 1; i < steps; i++) {
      h.pen.advance(1);
      expect(h.pen.snapshot().trueDepthUm).toBeGreaterThan(0);
      expect(h.state).toBe('STOP');
      expect(h.cmd('START').fields).toMatchObject({ code: 'BUSY', msg: 'stopping' });
    }
    h.pen.advance(1);
    expect(h.pen.snapshot().trueDepthUm).toBe(0);
    expect(h.state).toBe('READY');
  });

  it('SR-14 a power cycle during the boot self-test starts it afresh: the earlier boot\'s timer passes nothing', () => {
    const h = new Harness(READY);
    h.pen.advance(100);
    h.pen.powerCycle();
    h.hello();
    // The first boot's self-test would have ended at 200 ms; the second one's ends at 300 ms.
    h.pen.advance(150);
    expect(h.status().fields).toMatchObject({ st: 'BOOT', selftest: 'PENDING' });
    h.pen.advance(50);
    expect(h.status().fields).toMatchObject({ st: 'READY', selftest: 'PASS' });
  });

  it('SR-14 a self-test that failed on the first boot runs again once cleared, and passes when the cause is gone', () => {
    const h = new Harness(READY);
    h.hello();
    h.eng();
    expect(h.cmd('SIM_FAULT', { f: 'SERVO_STUCK' }).kind).toBe('ACK');
    h.pen.advance(250);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', selftest: 'FAIL' });
    h.cmd('SIM_FAULT', { f: 'CLEAR' });
    h.pen.advance(1);
    expect(h.cmd('CLEAR_FAULT').kind).toBe('ACK');
    expect(h.status().fields).toMatchObject({ st: 'BOOT', selftest: 'PENDING' });
    h.pen.advance(250);
    expect(h.status().fields).toMatchObject({ st: 'READY', selftest: 'PASS' });
  });

  it('SR-13 a pen powered up on its charger says CHARGE and refuses START', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SIM_POWER', { op: 'CHARGER_ON' });
    h.pen.advance(5);
    expect(h.state).toBe('CHARGE');
    h.powerCycle();
    expect(h.state).toBe('CHARGE');
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields).toMatchObject({ code: 'BAD_STATE' });
  });

  it.each([
    ['given at power-up', (h: Harness) => h],
    ['left low by the last power', (h: Harness) => (h.powerCycle(), h)],
  ])('SR-13 a pen with its battery below the START minimum %s says LOWBAT and refuses START BATTERY_LOW', (_how, after) => {
    const h = after(new Harness({ ...READY, batteryPct: 10 }).ready());
    expect(h.state).toBe('LOWBAT');
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').fields).toMatchObject({ code: 'BATTERY_LOW', msg: expect.stringMatching(/^battery [0-9]%$/) });
  });

  it('SR-12 SR-14 CLEAR_FAULT is refused when fluid reaches a new cartridge in the millisecond of the clear', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.pen.advance(5);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', present: '0010' });
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.pen.advance(5);
    expect(h.status().fields).toMatchObject({ present: '0000' });
    expect(h.cmd('SIM_CART', { op: 'INSERT', id: 'N12-OK-02' }).kind).toBe('ACK');
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    expect(h.cmd('CLEAR_FAULT').fields).toMatchObject({ code: 'FAULT_PRESENT', faults: '0010' });
  });

  it('SR-14 a hazard latched before power-off whose cause is still there: BOOT for the self-test, then EVT BOOT and one EVT FAULT "latched before power-off"', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SIM_FAULT', { f: 'FLUID' });
    h.pen.advance(5);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0010', present: '0010' });
    const from = h.frames.length;
    h.cmd('SIM_POWER', { op: 'CYCLE' });
    h.pen.advance(100);
    h.hello();
    // The fluid is still in the cartridge: the monitor sees it at every step of the boot.
    expect(h.status().fields).toMatchObject({ st: 'BOOT', faults: '0010', selftest: 'PENDING' });
    h.pen.advance(150);
    const evts = h.since(from, 'EVT').map((f) => f.fields).filter((f) => f['ev'] === 'BOOT' || f['ev'] === 'FAULT');
    expect(evts).toEqual([
      { ev: 'BOOT', t: expect.any(Number) },
      { ev: 'FAULT', t: expect.any(Number), code: 'FLUID_INGRESS', faults: '0010', msg: 'latched before power-off' },
    ]);
    expect(h.status().fields).toMatchObject({ st: 'FAULT', faults: '0010', present: '0010' });
  });

  it('SR-02 while the needle slews up from a deeper setting, SET_AREA is judged against where the needle is, not where its reference is', () => {
    const h = running(READY, 2000);
    h.run(1000);
    expect(h.cmd('SET_DEPTH', { um: 500 }).kind).toBe('ACK');
    // Find the millisecond where the reference is inside the scalp's 1.5 mm cap and the needle is not yet.
    for (let i = 0; i < 2000; i++) {
      const s = h.pen.snapshot();
      if (s.refUm <= 1500 && s.trueDepthUm > 1500) break;
      h.pen.advance(1);
      if (i % 100 === 0) h.cmd('PING');
    }
    const s = h.pen.snapshot();
    expect(s.refUm).toBeLessThanOrEqual(1500);
    expect(s.trueDepthUm).toBeGreaterThan(1500);
    expect(h.cmd('SET_AREA', { area: 'SCALP' }).fields).toMatchObject({ code: 'DEPTH_AREA_LIMIT', max: 1500 });
    h.run(200);
    expect(h.cmd('SET_AREA', { area: 'SCALP' }).kind).toBe('ACK');
  });

  it('a power-up announces itself by EVT BOOT and the state it reached, never by EVT STATE st=BOOT', () => {
    const h = new Harness(READY).ready();
    expect(h.evts().map((f) => f.fields['ev'] === 'STATE' ? `STATE ${f.fields['st']}` : f.fields['ev'])).toEqual(['CART_OK', 'BOOT', 'STATE READY']);
    const from = h.frames.length;
    h.powerCycle();
    // (ENG: the session the cycle needed closes; CART_IN: the cartridge is read again.)
    expect(h.since(from, 'EVT').map((f) => f.fields['ev'] === 'STATE' ? `STATE ${f.fields['st']}` : f.fields['ev'])).toEqual(['ENG', 'CART_IN', 'CART_OK', 'BOOT', 'STATE READY']);
  });
});

describe('the simulator\'s options and API', () => {
  it('the proto and schema options make a pen of another protocol: INFO reports them and the handshake needs them', () => {
    const h = new Harness({ ...READY, proto: 2, schema: 'DEADBEEF' });
    h.pen.advance(400);
    const info = h.cmd('HELLO', { proto: 2, schema: 'DEADBEEF' });
    expect(info.fields).toMatchObject({ proto: 2, schema: 'DEADBEEF' });
    expect(h.cmd('GET_STATUS').kind).toBe('STATUS');
    expect(h.hello().fields).toMatchObject({ proto: 2, schema: 'DEADBEEF' });
    expect(h.cmd('GET_STATUS').fields).toMatchObject({ code: 'VERSION' });
  });

  it('the seed fixes the sensor noise: the same seed repeats it, another seed does not', () => {
    const measured = (seed: number) => {
      const h = running({ ...READY, seed });
      return Array.from({ length: 20 }, () => (h.pen.advance(1), h.pen.snapshot().measuredUm));
    };
    expect(measured(7)).toEqual(measured(7));
    expect(measured(7)).not.toEqual(measured(8));
  });

  it('an unknown sample cartridge is refused with its id', () => {
    expect(() => createSimPen({ cartridge: 'NOPE-01' })).toThrow('unknown sample cartridge NOPE-01');
  });

  it('onOutput\'s unsubscribe removes that listener only, also when called twice', () => {
    const pen = createSimPen();
    const a: string[] = [];
    const b: string[] = [];
    const offA = pen.onOutput((t) => a.push(t));
    pen.onOutput((t) => b.push(t));
    const ping = (seq: number) => pen.receiveLine(pingLine(seq));
    ping(1);
    expect([a.length, b.length]).toEqual([1, 1]);
    offA();
    offA();
    ping(2);
    expect([a.length, b.length]).toEqual([1, 2]);
  });

  it('the send option receives the pen\'s output', () => {
    const out: string[] = [];
    const pen = createSimPen({ send: (t) => out.push(t) });
    pen.receiveLine(pingLine(1));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\$0 ACK re=1 t=0\*[0-9A-F]{4}\n$/);
  });

  it('the snapshot counts strokes, punctures and needle-on time of the cartridge inserted now', () => {
    const h = running(READY, 1000);
    h.cmd('STOP');
    h.pen.advance(20);
    const first = h.pen.snapshot();
    expect(first.strokes).toBeGreaterThan(100);
    expect(first.punctures).toBe(first.strokes * 12);
    expect(first.needleOnMs).toBeGreaterThan(1000);
    h.eng();
    h.cmd('SIM_CART', { op: 'REMOVE' });
    h.cmd('SIM_CART', { op: 'INSERT', id: 'N16-OK-01' });
    h.pen.advance(400);
    expect(h.cmd('START').kind).toBe('ACK');
    h.run(500);
    const second = h.pen.snapshot();
    expect(second.strokes).toBeGreaterThan(0);
    expect(second.strokes).toBeLessThan(first.strokes);
    expect(second.punctures).toBe(second.strokes * 16);
    expect(second.needleOnMs).toBeGreaterThan(0);
    expect(second.needleOnMs).toBeLessThanOrEqual(500);
  });
});

describe('answerHostCommand, for what the chart and the catalogue could give it', () => {
  /** A pen core in FAULT whose chart answers nothing: the answers below come from answerHostCommand alone. */
  const host = (sent: PenEvent[]): CommandHost => ({
    limits: () => FULL_LIMITS, now: () => 1234.5, calendarMs: () => Date.UTC(2026, 10, 21), reported: () => 'FAULT', engOpen: () => false,
    context: () => ({}) as PenContext, needleOnMs: () => 0, depthNowUm: () => 0, nonce: () => '0123456789ABCDEF', presentConditions: () => [],
    setTlmRate: () => {}, engCommand: () => {},
    dispatch: (ev) => (sent.push(ev), null),
  });

  it('SR-15 a command no state of the chart handles is refused BAD_STATE, saying the state it needs and the one the pen is in', () => {
    const sent: PenEvent[] = [];
    const r = answerHostCommand({ seq: 3, kind: 'SET_DEPTH', fields: { um: 500 } } as HostMessage, host(sent));
    expect(sent.map((e) => e.type)).toEqual(['cmd.setDepth']);
    expect(r).toEqual({ kind: 'NAK', fields: { code: 'BAD_STATE', msg: expect.stringMatching(/^SET_DEPTH needs .+; pen is FAULT$/) } });
  });

  it('a command the pen executes now is ACKed with the pen time (t=, whole ms); the chart\'s own BAD_STATE text is kept', () => {
    expect(answerHostCommand({ seq: 1, kind: 'PING', fields: {} } as HostMessage, host([]))).toEqual({ kind: 'ACK', fields: { t: 1234 } });
    const own = { kind: 'NAK', fields: { code: 'BAD_STATE', msg: 'the chart says why' } } as const;
    const r = answerHostCommand({ seq: 2, kind: 'START', fields: {} } as HostMessage, { ...host([]), dispatch: () => own });
    expect(r).toEqual(own);
  });

  it('SR-15 a host kind the pen core has no event for (a catalogue kind added without firmware) is refused UNSUPPORTED, and the chart never sees it', () => {
    const sent: PenEvent[] = [];
    const r = answerHostCommand({ seq: 4, kind: 'FROB', fields: {} } as unknown as HostMessage, host(sent));
    expect(sent).toEqual([]);
    expect(r).toEqual({ kind: 'NAK', fields: { code: 'UNSUPPORTED' } });
  });
});

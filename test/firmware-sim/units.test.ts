/** Unit tests of the pure parts: servo, motor, profiles, cartridge records and catalogue, CLI options. */
import { describe, expect, it } from 'vitest';
import { FACTORY_KEY_HEX, cartMac } from '../../firmware-sim/src/cartridge/record.js';
import { SAMPLE_CARTRIDGES, recordOf } from '../../firmware-sim/src/cartridge/samples.js';
import { factoryNvm } from '../../firmware-sim/src/nvm/image.js';
import { verifyCartridge, ymd, type RegistryView } from '../../firmware-sim/src/cartridge/verify.js';
import { parseSimArgs } from '../../firmware-sim/src/cli/args.js';
import { initialMotor, stepMotor } from '../../firmware-sim/src/physics/motor.js';
import { initialServo, stepServo } from '../../firmware-sim/src/physics/servo.js';
import { STORED_PROFILES, parseProfile } from '../../firmware-sim/src/profiles/profile.js';

describe('physics', () => {
  it('SR-04 the servo slews at most 1 µm/ms and settles within 0.15 mm without overshoot', () => {
    let s = initialServo(1);
    let maxPos = 0;
    let prevRef = 0;
    for (let t = 0; t < 4000; t++) {
      s = stepServo(s, 2000, true, 1, { kind: 'none' });
      expect(s.ref - prevRef).toBeLessThanOrEqual(1 + 1e-9);
      prevRef = s.ref;
      maxPos = Math.max(maxPos, s.pos);
    }
    expect(maxPos).toBeLessThanOrEqual(2000 + 1);
    expect(Math.abs(s.meas - 2000)).toBeLessThan(150);
  });

  it('SR-16 retraction is not slew-limited: 2.5 mm to 0 in 5 ms', () => {
    let s = initialServo(1);
    for (let t = 0; t < 4000; t++) s = stepServo(s, 2500, true, 1, { kind: 'none' });
    for (let t = 0; t < 5; t++) s = stepServo(s, 2500, false, 1, { kind: 'none' });
    expect(s.pos).toBe(0);
  });

  it('the motor reaches its setpoint within 10 % in 300 ms; a stall drops it to zero', () => {
    let m = initialMotor();
    for (let t = 0; t < 300; t++) m = stepMotor(m, true, 150, false, 'none', 1);
    expect(Math.abs(m.hz - 150)).toBeLessThan(15);
    for (let t = 0; t < 300; t++) m = stepMotor(m, true, 150, false, 'stall', 1);
    expect(m.hz).toBeLessThan(1);
  });
});

describe('profiles', () => {
  it('both stored profiles are valid, hashed and distinct; caps never exceed 2.5 mm', () => {
    const d = STORED_PROFILES.get('DEFAULT')!;
    const t = STORED_PROFILES.get('TRAINING')!;
    expect(d.rows).toHaveLength(12);
    expect(d.hash).not.toBe(t.hash);
    for (const p of [d, t]) for (const r of p.rows) expect(r.cap).toBeLessThanOrEqual(2500);
    for (const r of t.rows) expect(r.cap).toBeLessThanOrEqual(d.rows.find((x) => x.area === r.area)!.cap);
  });

  it('a malformed profile is refused with the reason', () => {
    expect(parseProfile({ name: 'X', version: 1, rows: [{ area: 'A', lo: 250, hi: 500, cap: 3000 }] })).toMatchObject({ ok: false });
    expect(parseProfile({ name: 'bad name', version: 1, rows: [] })).toMatchObject({ ok: false });
  });
});

describe('cartridges', () => {
  it('SR-07 every sample verifies to what the catalogue says it is', () => {
    const reg: RegistryView = { used: { 'N12-REUSED': { spent: false } }, contaminated: [], recalledLots: factoryNvm().recalledLots };
    for (const s of SAMPLE_CARTRIDGES) expect(verifyCartridge(recordOf(s), FACTORY_KEY_HEX, 20261121, reg), s.id).toBe(s.expect);
    const types = new Set(SAMPLE_CARTRIDGES.filter((s) => s.expect === 'OK').map((s) => s.type));
    expect(types.size).toBe(6);
  });

  it('SR-07 the MAC covers the rated max depth and the expiry', () => {
    const r = recordOf(SAMPLE_CARTRIDGES[0]!);
    expect(cartMac(FACTORY_KEY_HEX, r)).toBe(r.mac);
    expect(cartMac(FACTORY_KEY_HEX, { ...r, max: r.max + 50 })).not.toBe(r.mac);
    expect(cartMac(FACTORY_KEY_HEX, { ...r, exp: r.exp + 1 })).not.toBe(r.mac);
    expect(ymd(new Date(Date.UTC(2026, 10, 21)))).toBe(20261121);
  });
});

describe('CLI options', () => {
  it('parses the documented options', () => {
    expect(parseSimArgs(['--pty', '--baud', '9600', '--clock', 'sim', '--nvm', '/tmp/n.json', '--cartridge', 'N12-OK-01', '--seed', '4'])).toEqual({
      ok: true, args: { mode: 'pty', baud: 9600, clock: 'sim', nvm: '/tmp/n.json', cartridge: 'N12-OK-01', seed: 4 },
    });
    expect(parseSimArgs(['--help'])).toMatchObject({ ok: true, args: { mode: 'help' } });
    expect(parseSimArgs(['--pty', '--dmax', '2000', '--rmax', '140', '--tmax', '100'])).toMatchObject({
      ok: true, args: { mode: 'pty', limits: { dmax: 2000, rmax: 140, tmax: 100 } },
    });
    expect(parseSimArgs(['--factory-reset', '--nvm', '/tmp/n.json'])).toMatchObject({ ok: true, args: { mode: 'factory-reset', nvm: '/tmp/n.json' } });
  });

  it.each([
    [['--pty', '--clock', 'fast'], '--clock: "fast" is not one of: sim, real'],
    [['--pty', '--baud', 'x'], '--baud: "x" is not an integer'],
    [['--pty', '--cartridge', 'NOPE'], '--cartridge: "NOPE" is not a sample cartridge; one of: N12-OK-01'],
    [['--frob'], 'unknown option "--frob"; allowed: --pty'],
    [['--port'], '--port needs a value'],
    [[], 'need --pty, --port <path> or --factory-reset'],
    [['--pty', '--dmax', '2600'], '--dmax: "2600" must be a multiple of 50 in 250..2500 (µm)'],
    [['--pty', '--dmax', '2010'], '--dmax: "2010" must be a multiple of 50'],
    [['--pty', '--dmin', '1500', '--dmax', '1000'], '--dmin: "1500" must not exceed dmax (1000)'],
    [['--pty', '--rmax', '151'], '--rmax: "151" must be an integer in 50..150 (Hz)'],
    [['--pty', '--tmax', 'lots'], '--tmax: "lots" is not an integer'],
    [['--factory-reset', '--nvm', ':memory:'], '--factory-reset: needs an NVM file'],
    [['--pty', '--port', '/dev/x'], 'exclude each other'],
  ])('a bad option %j names itself and the allowed values', (argv, msg) => {
    const r = parseSimArgs(argv);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(msg);
  });
});

/**
 * The HIL conformance suite against the C reference pen on the emulated
 * Cortex-M3 (qemu-system-arm -M mps2-an385, UART on a pty), through the HIL
 * CLI's main function in a random order: the same firmware core as the host
 * board, built with arm-none-eabi-gcc, its NVM through semihosting surviving
 * SIM_POWER CYCLE's machine resets. 0 failures; the only skips need
 * compressed time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_ARM_GCC, HAS_QEMU_ARM, needs } from '../../support/requirements.js';
import { engOpen, hello, penOnLink } from './support/c-pen-link.js';
import { hilCliOnBoard, type BoardResult } from './support/hil-c.js';
import { expectConformant } from './support/hil-expect.js';

describe.skipIf(!HAS_ARM_GCC || !HAS_QEMU_ARM)('HIL suite against the C pen, QEMU board' + needs.armGcc + needs.qemuArm, () => {
  let cli: BoardResult;
  beforeAll(async () => {
    cli = await hilCliOnBoard('qemu');
    process.stdout.write(`HIL CLI on the C pen (QEMU board): ${cli.summary} — ${(cli.wallMs / 1000).toFixed(1)} s\n`);
  }, 400_000);

  it('through `npm run hil -- --target <pty> --shuffle`: 0 failures; the only skips need compressed time', () => {
    expectConformant(cli.outcomes, /^needs compressed-time/);
    expect(cli.out).toMatch(/PASS HS\.hello/);
    expect(cli.code).toBe(0);
  });
});

describe.skipIf(!HAS_ARM_GCC || !HAS_QEMU_ARM)('C pen on the QEMU board across machine resets' + needs.armGcc + needs.qemuArm, () => {
  it('SR-08 a fired cartridge is refused CART_REUSED after each of two SIM_POWER CYCLEs (a system reset; NVM through semihosting)', async () => {
    const p = await penOnLink({ board: 'qemu', cartridge: 'N24-OK-02', factoryReset: true });
    try {
      const { link } = p;
      const info = await hello(link);
      await link.pump(300);
      await link.ok('SET_AREA', { area: 'CHEEK' });
      await link.ok('SET_DEPTH', { um: 1000 });
      await link.ok('START', {});
      await link.pump(200);
      await link.ok('STOP', {});
      for (let cycle = 1; cycle <= 2; cycle++) {
        await engOpen(link, info.serial);
        const since = link.mark();
        await link.ok('SIM_POWER', { op: 'CYCLE' });
        await link.event('BOOT', {}, { since, timeoutMs: 5000 });
        const ev = await link.waitFor('the cartridge verified again', (m) => m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT'), { since, timeoutMs: 3000 });
        expect([ev.msg.fields.ev, ev.msg.fields.code], `cycle ${cycle}`).toEqual(['CART_REJECT', 'REUSED']);
        await hello(link);
        // After a power cycle the settings are the power-on ones: no area.
        await link.nak('START', {}, 'NO_AREA');
        await link.ok('SET_AREA', { area: 'CHEEK' });
        await link.nak('START', {}, 'CART_REUSED');
      }
      expect(p.log.join('\n')).toMatch(/pen-qemu: power cycle/);
    } finally {
      await p.dispose();
    }
  }, 60_000);
});

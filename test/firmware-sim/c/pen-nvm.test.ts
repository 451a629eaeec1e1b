/**
 * The C pen's non-volatile memory on the host board (under ASan+UBSan):
 * single use across real process deaths (SR-08), a registry that was edited,
 * rolled back, deleted or wiped is a fault and never a silent reset, a failed
 * write is a fault (SR-08), and hazard faults survive a power cycle (SR-14).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_CODES } from '../../../protocol/src/index.js';
import type { HilLink } from '../../hil/harness/link.js';
import { HAS_GCC, needs } from '../../support/requirements.js';
import { engOpen, hello, penOnLink, status, type PenOnLink } from './support/c-pen-link.js';

const bit = (code: (typeof FAULT_CODES)[number]) => 1 << FAULT_CODES.indexOf(code);
const mask = (text: string | undefined) => parseInt(text ?? '0', 16);

/** GET_CART until verification is over; returns the status. */
async function verified(link: HilLink): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const c = await link.ok('GET_CART', {});
    if (c.fields.status !== 'VERIFYING') return String(c.fields.status);
    await link.pump(25);
  }
  throw new Error('cartridge still verifying after 1 s');
}

/** Fire the inserted cartridge: area, START, run a little, STOP. */
async function fire(link: HilLink): Promise<void> {
  await link.ok('SET_AREA', { area: 'CHEEK' });
  await link.ok('START', {});
  await link.pump(100);
  await link.ok('STOP', {});
}

describe.skipIf(!HAS_GCC)('C pen NVM on the host board' + needs.gcc, () => {
  let dir = '';
  let pen: PenOnLink | null = null;
  const start = async (cartridge = 'N12-OK-02'): Promise<PenOnLink> => {
    await pen?.stop();
    pen = await penOnLink({ dir, cartridge });
    return pen;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-cnvm-'));
  });
  afterEach(async () => {
    await pen?.stop();
    // Whatever else happened, the sanitizers found nothing in the pen.
    expect(pen?.log.join('\n') ?? '').not.toMatch(/Sanitizer|runtime error/);
    pen = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('SR-08 a fired cartridge is refused CART_REUSED after the pen process is killed (SIGKILL) and started again', async () => {
    let p = await start();
    await hello(p.link);
    expect(await verified(p.link)).toBe('OK');
    await fire(p.link);
    process.kill(p.pen.pid, 'SIGKILL');
    p = await start();
    await hello(p.link);
    expect(await verified(p.link)).toBe('REUSED');
    await p.link.ok('SET_AREA', { area: 'CHEEK' });
    await p.link.nak('START', {}, 'CART_REUSED');
  });

  it('SR-08 an edited registry latches NVM_INTEGRITY at power-up: START refused, CLEAR_FAULT refused while it stands', async () => {
    let p = await start();
    await hello(p.link);
    await verified(p.link);
    await fire(p.link);
    await p.stop();
    const image = readFileSync(p.nvm);
    image[20] = image[20]! ^ 0x01;
    writeFileSync(p.nvm, image);
    p = await start('N12-OK-03');
    await hello(p.link);
    const s = await status(p.link);
    expect(s.st).toBe('FAULT');
    expect(mask(s.faults) & bit('NVM_INTEGRITY')).not.toBe(0);
    await p.link.ok('SET_AREA', { area: 'CHEEK' });
    const nak = await p.link.nak('START', {}, 'FAULT_ACTIVE');
    expect(mask(nak.fields.faults) & bit('NVM_INTEGRITY')).not.toBe(0);
    const present = await p.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
    expect(mask(present.fields.faults)).toBe(bit('NVM_INTEGRITY'));
  });

  it('SR-08 a rolled-back registry (an older image) and a deleted one latch NVM_INTEGRITY; neither is silently reset', async () => {
    let p = await start();
    await hello(p.link);
    await verified(p.link);
    const old = join(dir, 'old.nvm');
    copyFileSync(p.nvm, old);
    await fire(p.link);
    await p.stop();
    copyFileSync(old, p.nvm);
    p = await start('N12-OK-03');
    await hello(p.link);
    expect(mask((await status(p.link)).faults) & bit('NVM_INTEGRITY')).not.toBe(0);
    await p.stop();
    unlinkSync(p.nvm);
    p = await start('N12-OK-03');
    await hello(p.link);
    expect(mask((await status(p.link)).faults) & bit('NVM_INTEGRITY')).not.toBe(0);
  });

  it('SR-08 a registry wiped while the pen runs is noticed at the next write: NVM_INTEGRITY, and the cartridge does not fire', async () => {
    const p = await start();
    const info = await hello(p.link);
    await verified(p.link);
    await engOpen(p.link, info.serial);
    await p.link.ok('SIM_FAULT', { f: 'NVM_WIPE' });
    await p.link.ok('SET_AREA', { area: 'CHEEK' });
    const since = p.link.mark();
    await p.link.nak('START', {}, 'FAULT_ACTIVE');
    await p.link.event('FAULT', { code: 'NVM_INTEGRITY' }, { since });
    await p.link.none('the motor starting', (m) => m.kind === 'TLM' && m.fields.s === 'RUN', 200);
  });

  it('SR-08 a failed registry write latches NVM_WRITE instead of running; a good write afterwards lets CLEAR_FAULT clear it', async () => {
    const p = await start();
    const info = await hello(p.link);
    await verified(p.link);
    await engOpen(p.link, info.serial);
    await p.link.ok('SIM_FAULT', { f: 'NVM_FAIL' });
    await p.link.ok('SET_AREA', { area: 'CHEEK' });
    const since = p.link.mark();
    const nak = await p.link.nak('START', {}, 'FAULT_ACTIVE');
    expect(mask(nak.fields.faults) & bit('NVM_WRITE')).not.toBe(0);
    await p.link.event('FAULT', { code: 'NVM_WRITE' }, { since });
    await p.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
    await p.link.ok('SIM_FAULT', { f: 'CLEAR' });
    await p.link.ok('CLEAR_FAULT', {});
    await p.link.ok('START', {});
    await p.link.ok('STOP', {});
  });

  it('SR-14 a hazard fault survives a power cycle of the process; CLEAR_FAULT then erases it from NVM', async () => {
    let p = await start();
    const info = await hello(p.link);
    await verified(p.link);
    await engOpen(p.link, info.serial);
    await p.link.ok('SET_AREA', { area: 'CHEEK' });
    await p.link.ok('START', {});
    await p.link.pump(300);
    const since = p.link.mark();
    await p.link.ok('SIM_FAULT', { f: 'STALL' });
    await p.link.event('FAULT', { code: 'RATE_DEVIATION' }, { since, timeoutMs: 2000 });
    process.kill(p.pen.pid, 'SIGKILL');
    // A new process: the stall (the outside world) is gone, the latched fault is not.
    p = await start();
    await hello(p.link);
    let s = await status(p.link);
    expect(s.st).toBe('FAULT');
    expect(mask(s.faults)).toBe(bit('RATE_DEVIATION'));
    expect(s.selftest).toBe('PASS');
    await p.link.ok('CLEAR_FAULT', {});
    p = await start();
    await hello(p.link);
    s = await status(p.link);
    expect(mask(s.faults)).toBe(0);
  });
});

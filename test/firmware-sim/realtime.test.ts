/** The real-time driver and the UART throttle (fake timers: functional, not performance, assertions). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runRealtime, UartThrottle } from '../../firmware-sim/src/node/realtime.js';
import { Harness } from './support/harness.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('real-time operation', () => {
  it('--baud: output is limited to baud/10 bytes per second and a full queue drops whole lines', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    let out = '';
    const t = new UartThrottle(9600, (s) => (out += s), 4096);
    for (let i = 0; i < 100; i++) t.push('0123456789'.repeat(4) + '\n'); // 4100 bytes
    expect(t.overflows).toBe(1); // the 100th line did not fit the 4 KiB queue
    vi.advanceTimersByTime(1000);
    expect(out.length).toBeGreaterThan(900);
    expect(out.length).toBeLessThanOrEqual(960 + 2);
    vi.advanceTimersByTime(5000);
    expect(out.length).toBe(99 * 41);
    t.close();
  });

  it('--clock sim advances the pen exactly 5 ms per tick; real follows the wall clock', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const a = new Harness();
    const stopA = runRealtime(a.pen, 'sim', 5);
    vi.advanceTimersByTime(1000);
    stopA();
    expect(a.pen.now()).toBe(1000);
    const b = new Harness();
    const stopB = runRealtime(b.pen, 'real', 5);
    vi.advanceTimersByTime(1000);
    stopB();
    expect(b.pen.now()).toBeCloseTo(1000, 0);
  });

  it('the same seed and the same inputs give the same output, byte for byte', () => {
    const run = (seed: number) => {
      const h = new Harness({ seed, cartridge: 'N12-OK-01', epochMs: 0 }).ready();
      h.cmd('TLM_RATE', { hz: 100 });
      h.cmd('SET_DEPTH', { um: 1500 });
      h.cmd('START');
      h.run(20_000, 200);
      return h.raw.join('');
    };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
  });
});

/** The real-time driver and the UART throttle (fake timers: functional, not performance, assertions). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CATCHUP_MS, runRealtime, UartThrottle } from '../../firmware-sim/src/node/realtime.js';
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

  it('--baud: a saturated link sheds telemetry, never answers, and never reorders frames', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    let out = '';
    const t = new UartThrottle(115200, (s) => (out += s));
    const tlm = (seq: number) => `$${seq} TLM t=${seq * 5} s=RUN d=1500 m=1497 r=120 n=${seq * 12} p=1 c=312 b=87*ABCD\n`;
    let seq = 0;
    let ackAt = -1;
    let ackSeq = -1;
    // One second of 200 Hz telemetry (~16 kB/s into an 11.5 kB/s UART), with an answer in the middle.
    for (let ms = 0; ms < 1000; ms += 5) {
      t.push(tlm(seq++));
      if (ms === 500) {
        ackSeq = seq++;
        t.push(`$${ackSeq} ACK re=7*ABCD\n`);
        ackAt = ms;
      }
      vi.advanceTimersByTime(5);
      if (ackAt >= 0 && out.includes(` ACK re=7`) && ackAt !== -2) {
        expect(ms - ackAt).toBeLessThanOrEqual(20);
        ackAt = -2;
      }
    }
    vi.advanceTimersByTime(1000);
    expect(ackAt).toBe(-2);
    expect(t.tlmShed).toBeGreaterThan(0);
    expect(t.overflows).toBe(0);
    const seqs = out.trimEnd().split('\n').map((l) => Number(/^\$(\d+)/.exec(l)![1]));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
    expect(seqs).toContain(ackSeq);
    expect(seqs.length + t.tlmShed).toBe(seq);
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

  it('SR-11 a pause of the simulator\'s own process advances the pen by at most MAX_CATCHUP_MS: a running pen whose host sent on time keeps its lease', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let wall = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => wall);
    const h = new Harness({ cartridge: 'N12-OK-01' }).ready();
    h.cmd('SET_AREA', { area: 'BODY' });
    expect(h.cmd('START').kind).toBe('ACK');
    const stop = runRealtime(h.pen, 'real', 5);
    const t0 = h.pen.now();
    // The process stalls for 600 ms (longer than the lease) between two ticks; the host's PING was the last line before it.
    h.cmd('PING');
    wall += 600;
    vi.advanceTimersByTime(5);
    expect(h.pen.now() - t0).toBe(MAX_CATCHUP_MS);
    // (Read without a command: GET_STATUS would renew the lease.)
    expect(h.pen.state).toBe('RUN');
    // A host that really goes quiet: ticks go on, no lines come; the lease expires 500 ms after the PING.
    for (let i = 0; i < 100; i++) {
      wall += 5;
      vi.advanceTimersByTime(5);
    }
    stop();
    expect(h.pen.state).toBe('FAULT');
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code: 'LINK_LOST' });
  });

  it('the same seed and the same inputs give the same output, byte for byte', () => {
    const run = (seed: number) => {
      const h = new Harness({ seed, cartridge: 'N12-OK-01', epochMs: 0 }).ready();
      h.cmd('TLM_RATE', { hz: 100 });
      h.cmd('SET_AREA', { area: 'BODY' });
      h.cmd('SET_DEPTH', { um: 1500 });
      h.cmd('START');
      h.run(20_000, 200);
      return h.raw.join('');
    };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
  });
});

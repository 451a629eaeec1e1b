/**
 * The pen's time limits to the millisecond, through the wire: the heartbeat
 * lease runs out once more than 500 ms have passed without a well-formed host
 * command (SR-11; PROTOCOL.md leaves the exact edge to the pen, the simulator
 * takes "more than"), and an engineering session closes once more than 1000 ms
 * pass without one, or more than 10 minutes without an engineering command
 * (SR-17). EVT t= carries the pen's time, so the edges are read off the wire.
 */
import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';
import { READY, running } from './support/running.js';

/** Pen time of the last frame answering or caused by the last command. */
const now = (h: Harness) => h.pen.snapshot().t;

describe('time limits at their edges', () => {
  it('SR-11 a host command every 500 ms keeps a running pen running; 501 ms without one stops it (EVT LEASE at +501 ms)', () => {
    const h = running();
    h.run(5000, 500);
    expect(h.state).toBe('RUN');
    const last = now(h);
    h.pen.advance(500);
    expect(h.pen.snapshot().motorOn).toBe(true);
    h.pen.advance(1);
    expect(h.pen.snapshot().motorOn).toBe(false);
    expect(h.evts('LEASE').map((e) => e.fields['t'])).toEqual([last + 501]);
    expect(h.evts('FAULT').at(-1)?.fields).toMatchObject({ code: 'LINK_LOST', t: last + 501 });
  });

  it('SR-17 an engineering session outlives 1000 ms without a host command and closes at 1001 ms (closed: link)', () => {
    const h = new Harness(READY).ready();
    h.eng();
    const last = now(h);
    h.pen.advance(1000);
    expect(h.pen.snapshot().engOpen).toBe(true);
    h.pen.advance(1);
    expect(h.pen.snapshot().engOpen).toBe(false);
    expect(h.evts('ENG').at(-1)?.fields).toMatchObject({ msg: 'closed: link', t: last + 1001 });
  });

  it('SR-17 host commands that are not engineering ones keep the link but not the session: closed 10 min and 1 ms after the last ENG_AUTH (closed: idle)', () => {
    const h = new Harness(READY).ready();
    h.eng();
    const last = now(h);
    h.run(600_000, 1000);
    expect(h.pen.snapshot().engOpen).toBe(true);
    h.pen.advance(1);
    expect(h.pen.snapshot().engOpen).toBe(false);
    expect(h.evts('ENG').at(-1)?.fields).toMatchObject({ msg: 'closed: idle', t: last + 600_001 });
  });
});

/** The in-process line pair: asynchronous delivery, loss/corruption hooks, unplug. */
import { describe, expect, it } from 'vitest';
import { MemoryPair, type CloseInfo } from '../../../protocol/src/index.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('MemoryPair', () => {
  it('delivers lines asynchronously, never inside the writer call', async () => {
    const pair = new MemoryPair();
    await pair.a.open();
    await pair.b.open();
    const got: string[] = [];
    pair.b.on('line', (l) => got.push(l));
    void pair.a.write('$1 PING*072F');
    void pair.a.write('two\nthree\n');
    expect(got).toEqual([]);
    await tick();
    expect(got).toEqual(['$1 PING*072F', 'two', 'three']);
  });

  it('lets a filter drop or corrupt lines per direction', async () => {
    const pair = new MemoryPair({ filter: (l, dir) => (dir === 'aToB' && l.startsWith('drop') ? null : l.replace('x', 'y')) });
    await pair.a.open();
    await pair.b.open();
    const atB: string[] = [];
    const atA: string[] = [];
    pair.b.on('line', (l) => atB.push(l));
    pair.a.on('line', (l) => atA.push(l));
    await pair.a.write('drop me');
    await pair.a.write('x1');
    await pair.b.write('drop x');
    await tick();
    expect(atB).toEqual(['y1']);
    expect(atA).toEqual(['drop y']);
    expect(pair.filtered).toEqual({ aToB: 1, bToA: 0 });
  });

  it('drops an over-long line whole and reports it', async () => {
    const pair = new MemoryPair();
    await pair.a.open();
    await pair.b.open();
    const got: string[] = [];
    let dropped = 0;
    pair.b.on('line', (l) => got.push(l));
    pair.b.on('dropped', () => dropped++);
    await pair.a.write('x'.repeat(5000));
    await pair.a.write('ok');
    await tick();
    expect(got).toEqual(['ok']);
    expect(dropped).toBe(1);
  });

  it('unplug closes both ends with a disconnected error; open fails until plug', async () => {
    const pair = new MemoryPair();
    await pair.a.open();
    await pair.b.open();
    const closes: CloseInfo[] = [];
    pair.a.on('close', (c) => closes.push(c));
    pair.unplug();
    expect(closes).toHaveLength(1);
    expect(closes[0]!.error).toMatchObject({ disconnected: true, timedOut: false });
    expect(await pair.a.write('x')).toMatchObject({ ok: false, error: { disconnected: true } });
    expect(await pair.a.open()).toMatchObject({ ok: false, error: { disconnected: true } });
    pair.plug();
    expect(await pair.a.open()).toEqual({ ok: true });
    await pair.a.close();
    expect(closes.at(-1)).toEqual({});
  });
});

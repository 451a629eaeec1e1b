/**
 * What the pen keeps in non-volatile memory about cartridges: the registry of
 * fired ones (SR-08, single use) and spent ones (SR-09), and the lot recall
 * list. The machine only sees the registry it boots with; the writes happen
 * through the `persistUse`/`persistSpent` actions.
 */
import type { NvmStore } from '../cartridge/nvm.js';
import type { PenContext } from '../machine/context.js';

/** The registry the machine boots with. */
export function bootRegistry(nvm: NvmStore): { used: Record<string, { spent: boolean }>; recalledLots: string[] } {
  const data = nvm.load();
  return {
    used: Object.fromEntries(Object.entries(data.used).map(([id, e]) => [id, { spent: e.spent }])),
    recalledLots: [...data.recalledLots],
  };
}

/** SR-08: the first time its needles fire, the inserted cartridge is recorded as used. */
export function recordFirstFire(nvm: NvmStore, c: PenContext, at: Date): void {
  if (!c.cart || c.cart.fired) return;
  const data = nvm.load();
  data.used[c.cart.record.id] = { firstFiredAt: at.toISOString(), needleOnMs: 0, spent: false };
  nvm.save(data);
}

/** SR-09: the inserted cartridge is spent for good. */
export function recordSpent(nvm: NvmStore, c: PenContext, needleOnMs: number): void {
  if (!c.cart) return;
  const data = nvm.load();
  const id = c.cart.record.id;
  data.used[id] = { firstFiredAt: data.used[id]?.firstFiredAt ?? '', needleOnMs, spent: true };
  nvm.save(data);
}

/**
 * The storage under the pen's non-volatile memory, as dumb as flash: two named
 * slots — the registry image and the witness of its generation (on a real pen
 * a monotonic counter in a secure element) — read and written whole. Integrity
 * (MAC, generation) is the firmware's job (pen-nvm.ts), not the store's.
 */

/** The two slots: the registry image and the witness of its generation. */
export type NvmSlot = 'image' | 'witness';

/** The outcome of a store operation: a value, or the reason it failed (never an exception). */
export type NvmIo<T> = { ok: true; value: T } | { ok: false; error: string };

/** Where the pen's non-volatile memory lives. */
export interface NvmStore {
  /** Human-readable location, e.g. a file path or "memory". */
  readonly label: string;
  /** The slot's text, or null if it holds nothing. */
  read(slot: NvmSlot): NvmIo<string | null>;
  /** Replace the slot's text, atomically: afterwards it holds either the old or the new text. */
  write(slot: NvmSlot, text: string): NvmIo<void>;
  /** Empty the slot. */
  erase(slot: NvmSlot): NvmIo<void>;
}

/** NVM kept in memory (tests, and in-process pens by default): survives power cycles of the pen object, not the process. */
export class MemoryNvm implements NvmStore {
  readonly label = 'memory';
  private readonly slots = new Map<NvmSlot, string>();

  read(slot: NvmSlot): NvmIo<string | null> {
    return { ok: true, value: this.slots.get(slot) ?? null };
  }

  write(slot: NvmSlot, text: string): NvmIo<void> {
    this.slots.set(slot, text);
    return { ok: true, value: undefined };
  }

  erase(slot: NvmSlot): NvmIo<void> {
    this.slots.delete(slot);
    return { ok: true, value: undefined };
  }
}

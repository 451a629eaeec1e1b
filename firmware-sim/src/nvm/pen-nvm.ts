/**
 * The firmware's non-volatile memory layer (SR-08): it reads and checks the
 * registry image at power-up, and writes it whole, generation by generation,
 * keeping the witness of the generation in step. A registry that is missing
 * (on a pen that has written one), unreadable, edited, emptied, rolled back or
 * swapped is NVM_INTEGRITY; a write that fails is NVM_WRITE. Problems are
 * values, never exceptions, so a statechart action can never throw on them.
 */
import type { FaultCode } from '../../../protocol/src/index.js';
import { decodeImage, emptyNvm, encodeImage, factoryNvm, type NvmData } from './image.js';
import type { NvmStore } from './store.js';

/** Why the pen cannot use its non-volatile memory, as the fault it latches. */
export interface NvmProblem {
  code: Extract<FaultCode, 'NVM_INTEGRITY' | 'NVM_WRITE'>;
  why: string;
}

const integrity = (why: string): NvmProblem => ({ code: 'NVM_INTEGRITY', why });

/** The generation a witness holds (digits, optionally a newline), or null if it holds anything else or nothing. */
function witnessGen(text: string | null): number | null {
  if (text === null || !/^\d+\n?$/.test(text)) return null;
  return Number(text);
}

/** The pen's NVM (see the file comment). */
export class PenNvm {
  /** Generation of the image last read or written. */
  private gen = 0;
  /** The image text the store must still hold (null: none written yet). */
  private expected: string | null = null;
  /** The data last read or written, as JSON (null: none yet). */
  private lastData: string | null = null;
  /** Integrity lost: nothing is written again until a deliberate factory reset (never a silent fresh start). */
  broken: NvmProblem | null = null;
  /** The last write failed; cleared by the next successful one (the NVM_WRITE condition, SR-14). */
  writeFailing = false;
  /** SIM_FAULT NVM_FAIL: every write fails until SIM_FAULT CLEAR (the flash, not the firmware, so it survives a power cycle). */
  failWrites = false;

  constructor(
    readonly store: NvmStore,
    private readonly keyHex: string,
  ) {}

  /** Power-up: read and check the registry. A factory-new pen (no image, no witness) starts from the factory image. */
  boot(): { data: NvmData; problem: NvmProblem | null } {
    this.gen = 0;
    this.expected = null;
    this.lastData = null;
    this.broken = null;
    this.writeFailing = false;
    const img = this.store.read('image');
    const wit = this.store.read('witness');
    if (!img.ok) return this.fail(integrity(`registry unreadable: ${img.error}`));
    if (!wit.ok) return this.fail(integrity(`witness unreadable: ${wit.error}`));
    if (img.value === null) {
      if (wit.value !== null) return this.fail(integrity('registry missing'));
      const data = factoryNvm();
      return { data, problem: this.write(data) };
    }
    const d = decodeImage(img.value, this.keyHex);
    if (!d.ok) return this.fail(integrity(d.why));
    if (wit.value === null) return this.fail(integrity('witness missing'));
    const w = witnessGen(wit.value);
    if (w === null) return this.fail(integrity('witness unreadable'));
    // One ahead: power was lost between writing the image and the witness; bring the witness up to date.
    if (d.gen !== w && d.gen !== w + 1) return this.fail(integrity(`registry generation ${d.gen}, witness ${w}: rolled back or swapped`));
    this.gen = d.gen;
    this.expected = img.value;
    this.lastData = JSON.stringify(d.data);
    if (d.gen === w + 1) {
      const r = this.store.write('witness', `${d.gen}\n`);
      if (!r.ok) return { data: d.data, problem: this.failedWrite(r.error) };
    }
    return { data: d.data, problem: null };
  }

  /** Write the registry (if it changed, or to retry a failed write); the problem it hit, or null. */
  write(data: NvmData): NvmProblem | null {
    if (this.broken) return this.broken;
    const json = JSON.stringify(data);
    if (json === this.lastData && !this.writeFailing) return null;
    // The store must still hold what this pen wrote last: a deleted, emptied or swapped
    // registry is a fault, never the start of a fresh one (SR-08).
    const cur = this.store.read('image');
    if (!cur.ok || cur.value !== this.expected) {
      this.broken = integrity(cur.ok ? (cur.value === null ? 'registry missing' : 'registry changed behind the pen') : `registry unreadable: ${cur.error}`);
      return this.broken;
    }
    if (this.failWrites) return this.failedWrite('write failed (injected)');
    const gen = this.gen + 1;
    const text = encodeImage(data, gen, this.keyHex);
    const r = this.store.write('image', text);
    if (!r.ok) return this.failedWrite(r.error);
    this.gen = gen;
    this.expected = text;
    this.lastData = json;
    const w = this.store.write('witness', `${gen}\n`);
    if (!w.ok) return this.failedWrite(w.error);
    this.writeFailing = false;
    return null;
  }

  /** SIM_FAULT NVM_WIPE: the registry is lost (the witness, standing for a secure element, stays). */
  wipe(): void {
    this.store.erase('image');
  }

  private fail(p: NvmProblem): { data: NvmData; problem: NvmProblem } {
    this.broken = p;
    return { data: emptyNvm(), problem: p };
  }

  private failedWrite(why: string): NvmProblem {
    this.writeFailing = true;
    return { code: 'NVM_WRITE', why };
  }
}

/**
 * A deliberate factory reset (`npm run sim -- --factory-reset`; on a real pen a service tool
 * holding the device key): a fresh factory image one generation past the witness.
 */
export function factoryReset(store: NvmStore, keyHex: string): { ok: true; gen: number } | { ok: false; error: string } {
  const wit = store.read('witness');
  const gen = ((wit.ok ? witnessGen(wit.value) : null) ?? 0) + 1;
  const img = store.write('image', encodeImage(factoryNvm(), gen, keyHex));
  if (!img.ok) return img;
  const wr = store.write('witness', `${gen}\n`);
  return wr.ok ? { ok: true, gen } : wr;
}

/** The sample cartridge catalogue (samples.json): valid ones of each type and one of each kind of invalid. */
import raw from './samples.json' with { type: 'json' };
import type { CartRecord } from './record.js';

/** A catalogue entry: the record plus what verification is expected to say. */
export interface SampleCartridge extends CartRecord {
  expect: string;
  note: string;
}

/** All sample cartridges, in file order. */
export const SAMPLE_CARTRIDGES: readonly SampleCartridge[] = raw.samples as SampleCartridge[];

/** A sample by id, or undefined. */
export function sampleCartridge(id: string): SampleCartridge | undefined {
  return SAMPLE_CARTRIDGES.find((s) => s.id === id);
}

/** The record of a sample without the catalogue annotations (what the pen reads from the chip). */
export function recordOf(s: SampleCartridge): CartRecord {
  return { id: s.id, lot: s.lot, type: s.type, needles: s.needles, max: s.max, exp: s.exp, sealed: s.sealed, mac: s.mac };
}

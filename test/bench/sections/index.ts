/** The sections `npm run bench` runs, in order. */
import type { BenchSection } from './section.js';
import { protocolSection } from './protocol.js';
import { simSection } from './sim.js';

export const SECTIONS: BenchSection[] = [
  protocolSection,
  simSection,
];

/** The sections `npm run bench` runs, in order. */
import type { BenchSection } from './section.js';
import { protocolSection } from './protocol.js';
import { simSection } from './sim.js';
import { uiSection } from './ui.js';
import { replaySection } from './replay.js';
import { hostSection } from './host.js';
import { cSection } from './c.js';
import { serverCpuSection } from './server-cpu.js';

export const SECTIONS: BenchSection[] = [
  protocolSection,
  simSection,
  uiSection,
  replaySection,
  hostSection,
  cSection,
  serverCpuSection,
];

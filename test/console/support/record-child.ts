/**
 * Child process for the kill test: a PenSession recording a scripted pen that
 * streams telemetry. For every telemetry frame the session has handled (and so
 * already handed to the recorder), prints `tlm <t>` to stdout synchronously.
 * Argument: the recordings directory.
 */
import { writeSync } from 'node:fs';
import { MemoryPair } from '../../../protocol/src/index.js';
import { PenSession } from '../../../console/session/index.js';
import { ScriptedPen } from './scripted-pen.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: record-child <dir>');
const pair = new MemoryPair();
const pen = new ScriptedPen(pair.b);
await pen.start();
const session = new PenSession({ recordingsDir: dir, transportFactory: () => () => pair.a, telemetryHz: 100 });
session.subscribe((p) => {
  if (p.type === 'tlm') writeSync(1, `tlm ${p.sample.t}\n`);
});
await session.connect({ kind: 'sim' });
writeSync(1, `recording ${session.recordingPath}\n`);

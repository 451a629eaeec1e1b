/**
 * Printing a failing run as a transcript a developer can paste into a
 * regression test: the pen's options, then each line sent with the pen time
 * it was sent at (and the pen's answer as a comment), in the Step format that
 * replayTranscript (replay.ts) plays back.
 */
import { INVARIANTS, type Violation } from './oracle/invariants.js';
import type { Step } from './replay.js';
import type { Entry, EpisodeSpec } from './runner.js';

/** The pen's options as TypeScript source. */
export function specSource(spec: EpisodeSpec): string {
  const d = new Date(spec.epochMs);
  const epoch = `Date.UTC(${d.getUTCFullYear()}, ${d.getUTCMonth()}, ${d.getUTCDate()}, ${d.getUTCHours()}, ${d.getUTCMinutes()}, ${d.getUTCSeconds()}, ${d.getUTCMilliseconds()})`;
  const parts = [`seed: ${spec.seed}`, `epochMs: ${epoch}`];
  if (spec.cartridge !== null) parts.push(`cartridge: '${spec.cartridge}'`);
  if (spec.batteryPct !== 100) parts.push(`batteryPct: ${spec.batteryPct}`);
  if (spec.nvm === 'file') parts.push('nvm: new FileNvm(nvmPath)');
  return `createSimPen({ ${parts.join(', ')} })`;
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n')}'`;
}

/** One transcript entry as a replayable step. */
export function entryStep(e: Entry): Step {
  if (e.power) return { t: e.t, power: true };
  if (e.nvm) return { t: e.t, nvm: e.nvm };
  if (e.auth) return { t: e.t, auth: e.auth, seq: Number(/\$(\d+) /.exec(e.send ?? '')?.[1] ?? 0) };
  return { t: e.t, line: e.send ?? '' };
}

/** A step as TypeScript source. */
export function stepSource(s: Step): string {
  if ('power' in s) return `{ t: ${s.t}, power: true }`;
  if ('nvm' in s) return `{ t: ${s.t}, nvm: '${s.nvm}' }`;
  if ('auth' in s) return `{ t: ${s.t}, auth: '${s.auth}', seq: ${s.seq} }`;
  if ('check' in s) return `{ t: ${s.t}, check: '${s.check}' }`;
  return `{ t: ${s.t}, line: ${quote(s.line)} }`;
}

/** The steps that replay a run up to the check of a violation. */
export function transcriptSteps(entries: readonly Entry[], target: Violation): Step[] {
  return [...entries.map(entryStep), { t: target.t, check: target.id }];
}

/** The whole transcript of a violation, ready to paste. */
export function printTranscript(spec: EpisodeSpec, entries: readonly Entry[], found: readonly Violation[], target: Violation): string {
  const inv = INVARIANTS[target.id];
  const out = [
    `// ${target.id} (${inv.rules.join(', ')}): ${inv.text}`,
    `// broken at t=${target.t} ms: ${target.detail}`,
  ];
  const others = found.filter((v) => v.id !== target.id);
  if (others.length > 0) out.push(`// also seen in this run: ${others.map((v) => `${v.id} at t=${v.t}`).join(', ')}`);
  out.push(`const pen = ${specSource(spec)};`, 'const steps: Step[] = [');
  for (const e of entries) {
    const answer = e.answer ? `  // < ${e.answer.trim().slice(0, 90)}` : '';
    out.push(`  ${stepSource(entryStep(e))},${answer}`);
  }
  out.push(`  ${stepSource({ t: target.t, check: target.id })},`, '];');
  return out.join('\n');
}

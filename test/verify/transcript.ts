/**
 * Printing a failing run as a transcript a developer can paste into a
 * regression test: the pen's options, then each line sent with the pen time
 * it was sent at (and the pen's answer as a comment), in the Step format that
 * replayTranscript (replay.ts) plays back.
 */
import { INVARIANTS, type Violation } from './oracle/invariants.js';
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

/** One transcript entry as a Step literal. */
export function stepSource(e: Entry): string {
  if (e.power) return `{ t: ${e.t}, power: true }`;
  if (e.nvm) return `{ t: ${e.t}, nvm: '${e.nvm}' }`;
  if (e.auth) return `{ t: ${e.t}, auth: '${e.auth}', seq: ${/\$(\d+) /.exec(e.send ?? '')?.[1] ?? 0} }`;
  return `{ t: ${e.t}, line: ${quote(e.send ?? '')} }`;
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
    out.push(`  ${stepSource(e)},${answer}`);
  }
  out.push(`  { t: ${target.t}, check: '${target.id}' },`, '];');
  return out.join('\n');
}

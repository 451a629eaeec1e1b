/** Tab completion of the pen console from the message catalogue: kinds, keys of a kind, enum values. */
import { specOf, type PenInfo } from '../../protocol/src/index.js';
import { completeCommand, HOST_KINDS } from '../shared/command-text.js';

/** Console commands that are not message kinds. */
export const BUILTINS = ['help', 'raw', 'tlm', 'eng', 'stats', 'quit'] as const;

/** Completions of `line` in node:readline's format: [candidates, the fragment they replace]. */
export function complete(line: string): [string[], string] {
  const parts = line.split(/\s+/);
  const word = parts[parts.length - 1] ?? '';
  if (parts[0] === 'help' && parts.length > 1) return [HOST_KINDS.filter((k) => k.startsWith(word.toUpperCase())), word];
  if (parts[0] === 'tlm' && parts.length > 1) return [['on', 'off', '1', '5', '10', '50'].filter((x) => x.startsWith(word)), word];
  return completeCommand(line, BUILTINS);
}

/** What this pen accepts for a key, from its INFO (the catalogue's int range is only what the wire can carry). */
const PEN_RANGE: Readonly<Record<string, Readonly<Record<string, (i: PenInfo) => string>>>> = {
  SET_DEPTH: { um: (i) => `${i.dmin}..${i.dmax} µm in steps of ${i.dstep}` },
  SET_RATE: { hz: (i) => `${i.rmin}..${i.rmax} Hz` },
  TLM_RATE: { hz: (i) => `0..${i.tmax} Hz` },
};

/** `help` text: the kinds, or one kind's keys with units and ranges — the connected pen's own, from its INFO, where it has them. */
export function helpText(kind?: string, info?: PenInfo | null): string {
  if (!kind) {
    return [
      'Type a command as KIND key=value …, e.g. SET_DEPTH um=1500 (Tab completes kinds, keys and values).',
      'Console commands:',
      '  help [KIND]     this text, or the keys of KIND (ranges are the pen\'s own, from its INFO)',
      '  raw [LINE]      toggle raw mode (typed lines go to the wire as they are), or send one raw line',
      '  tlm on|off|N    show telemetry (summarised every N s, default 1) or hide it',
      '  eng [KEYHEX]    open an engineering session (default: the key from $PENBENCH_ENG_KEY or --eng-key-file,',
      '                  else the simulator development key)',
      '  stats           link statistics',
      '  quit            leave',
      `Commands: ${HOST_KINDS.join(' ')}`,
      '',
    ].join('\n');
  }
  const name = kind.toUpperCase();
  const spec = specOf(name);
  if (!spec) return `help: no kind ${kind}\n`;
  const lines = [`${name} (${spec.dir === 'host' ? 'host → pen' : 'pen → host'}): ${spec.doc}`];
  for (const [k, f] of Object.entries(spec.keys)) {
    const pen = info ? PEN_RANGE[name]?.[k] : undefined;
    const accepts = spec.accepts?.[k];
    const range = f.t === 'int'
      ? pen ? `${pen(info!)} (this pen's INFO)`
        : accepts ? `${accepts.min}..${accepts.max}${f.unit ? ` ${f.unit}` : ''}${accepts.step ? ` in steps of ${accepts.step}` : ''} (protocol bounds; a pen may be narrower)`
          : `${f.min}..${f.max}${f.unit ? ` ${f.unit}` : ''}`
      : f.t === 'enum' ? f.values.join('|') : f.t === 'hex' ? `${f.len} hex digits` : `up to ${f.maxLen} chars`;
    lines.push(`  ${k}=${f.optional ? ' (optional)' : ''} ${range}${f.doc ? ` — ${f.doc}` : ''}`);
  }
  if (spec.answers.length) lines.push(`  answered by ${spec.answers.join(' or ')}`);
  return lines.join('\n') + '\n';
}

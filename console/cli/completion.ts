/** Tab completion of the pen console from the message catalogue: kinds, keys of a kind, enum values. */
import { specOf } from '../../protocol/src/index.js';
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

/** `help` text: the kinds, or one kind's keys with units and ranges. */
export function helpText(kind?: string): string {
  if (!kind) {
    return [
      'Type a command as KIND key=value …, e.g. SET_DEPTH um=1500 (Tab completes kinds, keys and values).',
      'Console commands:',
      '  help [KIND]     this text, or the keys of KIND',
      '  raw [LINE]      toggle raw mode (typed lines go to the wire as they are), or send one raw line',
      '  tlm on|off|N    show telemetry (summarised every N s, default 1) or hide it',
      '  eng [KEYHEX]    open an engineering session (default: the simulator development key)',
      '  stats           link statistics',
      '  quit            leave',
      `Commands: ${HOST_KINDS.join(' ')}`,
      '',
    ].join('\n');
  }
  const spec = specOf(kind.toUpperCase());
  if (!spec) return `help: no kind ${kind}\n`;
  const lines = [`${kind.toUpperCase()} (${spec.dir === 'host' ? 'host → pen' : 'pen → host'}): ${spec.doc}`];
  for (const [k, f] of Object.entries(spec.keys)) {
    const range = f.t === 'int' ? `${f.min}..${f.max}${f.unit ? ` ${f.unit}` : ''}` : f.t === 'enum' ? f.values.join('|') : f.t === 'hex' ? `${f.len} hex digits` : `up to ${f.maxLen} chars`;
    lines.push(`  ${k}=${f.optional ? ' (optional)' : ''} ${range}${f.doc ? ` — ${f.doc}` : ''}`);
  }
  if (spec.answers.length) lines.push(`  answered by ${spec.answers.join(' or ')}`);
  return lines.join('\n') + '\n';
}

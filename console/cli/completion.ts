/** Tab completion of the pen console from the message catalogue: kinds, keys of a kind, enum values. */
import { CATALOGUE, KINDS, specOf } from '../../protocol/src/index.js';

/** Console commands that are not message kinds. */
export const BUILTINS = ['help', 'raw', 'tlm', 'eng', 'stats', 'quit'] as const;

const HOST_KINDS = KINDS.filter((k) => CATALOGUE[k].dir === 'host');

/** Completions of `line` in node:readline's format: [candidates, the fragment they replace]. */
export function complete(line: string): [string[], string] {
  const parts = line.split(/\s+/);
  const word = parts[parts.length - 1] ?? '';
  if (parts.length <= 1) {
    const up = word.toUpperCase();
    const hits = [...HOST_KINDS.filter((k) => k.startsWith(up)), ...BUILTINS.filter((b) => b.startsWith(word.toLowerCase()))];
    return [hits, word];
  }
  const first = parts[0]!;
  if (first === 'help') {
    const up = word.toUpperCase();
    return [HOST_KINDS.filter((k) => k.startsWith(up)), word];
  }
  if (first === 'tlm') return [['on', 'off', '1', '5', '10', '50'].filter((x) => x.startsWith(word)), word];
  const spec = specOf(first.toUpperCase());
  if (!spec || spec.dir !== 'host') return [[], word];
  const used = new Set(parts.slice(1, -1).map((p) => p.split('=')[0]));
  const eq = word.indexOf('=');
  if (eq < 0) {
    const keys = Object.keys(spec.keys).filter((k) => !used.has(k) && k.startsWith(word)).map((k) => `${k}=`);
    return [keys, word];
  }
  const key = word.slice(0, eq);
  const f = spec.keys[key];
  if (!f) return [[], word];
  const part = word.slice(eq + 1).toUpperCase();
  if (f.t === 'enum') return [f.values.filter((v) => v.startsWith(part)).map((v) => `${key}=${v}`), word];
  return [[], word];
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

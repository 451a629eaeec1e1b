/** Tab completion of the pen console from the message catalogue: kinds, keys of a kind, enum values. */
import { CATALOGUE, KINDS, specOf, type PenInfo } from '../../protocol/src/index.js';

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

/**
 * Typed protocol commands (`SET_DEPTH um=1500`) from the message catalogue:
 * parsing with an error that names the problem, and Tab completion of kinds,
 * keys and enum values. Browser-safe: the pen CLI and the console's protocol
 * terminal share it.
 */
import { CATALOGUE, KINDS, specOf, type HostKind } from '../../protocol/src/index.js';

/** Kinds a host may send. */
export const HOST_KINDS = KINDS.filter((k) => CATALOGUE[k].dir === 'host') as HostKind[];

/** A parsed command, or why it is not one. */
export type ParsedCommand = { ok: true; kind: HostKind; fields: Record<string, string | number> } | { ok: false; error: string };

/** Parse `KIND key=value …` into a kind and typed fields (ints as numbers), or an error naming the problem. */
export function parseCommand(text: string): ParsedCommand {
  const parts = text.trim().split(/\s+/);
  const kind = (parts[0] ?? '').toUpperCase();
  const spec = specOf(kind);
  if (!spec || spec.dir !== 'host') return { ok: false, error: `unknown command "${parts[0] ?? ''}"; type help for the list` };
  const fields: Record<string, string | number> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq <= 0) return { ok: false, error: `"${p}" is not key=value; keys of ${kind}: ${Object.keys(spec.keys).join(', ') || '(none)'}` };
    const key = p.slice(0, eq);
    const f = spec.keys[key];
    if (!f) return { ok: false, error: `${key}: not a key of ${kind}; keys: ${Object.keys(spec.keys).join(', ') || '(none)'}` };
    const raw = p.slice(eq + 1);
    if (f.t === 'int') {
      if (!/^-?\d+$/.test(raw)) return { ok: false, error: `${key}: "${raw}" is not an integer (${f.min}..${f.max})` };
      fields[key] = Number(raw);
    } else fields[key] = f.t === 'str' ? raw : raw.toUpperCase();
  }
  return { ok: true, kind: kind as HostKind, fields };
}

/** Completions of `line` as [candidates, the fragment they replace]; `builtins` are extra first words (CLI commands). */
export function completeCommand(line: string, builtins: readonly string[] = []): [string[], string] {
  const parts = line.split(/\s+/);
  const word = parts[parts.length - 1] ?? '';
  if (parts.length <= 1) {
    const up = word.toUpperCase();
    return [[...HOST_KINDS.filter((k) => k.startsWith(up)), ...builtins.filter((b) => b.startsWith(word.toLowerCase()))], word];
  }
  const spec = specOf(parts[0]!.toUpperCase());
  if (!spec || spec.dir !== 'host') return [[], word];
  const used = new Set(parts.slice(1, -1).map((p) => p.split('=')[0]));
  const eq = word.indexOf('=');
  if (eq < 0) return [Object.keys(spec.keys).filter((k) => !used.has(k) && k.startsWith(word)).map((k) => `${k}=`), word];
  const key = word.slice(0, eq);
  const f = spec.keys[key];
  if (!f) return [[], word];
  const part = word.slice(eq + 1).toUpperCase();
  if (f.t === 'enum') return [f.values.filter((v) => v.startsWith(part)).map((v) => `${key}=${v}`), word];
  return [[], word];
}

/** The longest common start of some strings ('' for none). */
export function commonPrefix(xs: readonly string[]): string {
  if (xs.length === 0) return '';
  let p = xs[0]!;
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

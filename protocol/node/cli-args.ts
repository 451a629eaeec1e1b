/**
 * The argument layer every penbench command shares, on node:util parseArgs:
 * `--key value` and `--key=value`, `--help`/`-h` on every command (exit 0), and
 * one phrasing for mistakes — the error names the argument and the values it
 * allows (exit 2). A command declares its options once; its help text and its
 * parser come from that declaration, so they cannot disagree.
 */
import { parseArgs } from 'node:util';

/** The result of checking one value: the value, or why not (completes `--name: "raw" …`). */
export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };

/** An option that takes no value. */
export interface FlagOption {
  kind: 'flag';
  help: string;
  short?: string;
}

/** An option that takes a value, checked and converted by `parse`. */
export interface ValueOption<T> {
  kind: 'value';
  /** Placeholder in help and errors: `N`, `FILE`, `sim|real`. */
  arg: string;
  help: string;
  parse: (raw: string) => Checked<T>;
  short?: string;
}

/** The options of a command, by long name (without `--`). */
export type OptionSpecs = Record<string, FlagOption | ValueOption<unknown>>;

/** What a command's options parse to: flags are booleans, values their checked type or undefined when absent. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K] extends ValueOption<infer T> ? T | undefined : boolean;
};

/** A command's declaration: usage, options, positionals, notes. */
export interface CommandSpec<O extends OptionSpecs> {
  /** `penbench sim`. */
  name: string;
  /** One line: what it does. */
  summary: string;
  /** Usage lines after the command name, e.g. `--pty [options]`. */
  usage: readonly string[];
  options: O;
  /** Positional arguments allowed (default none). */
  positionals?: { min?: number; max?: number; names: string };
  /** Text after the option table (environment variables, examples). */
  notes?: string;
}

/** A parsed command line. */
export type ParseOutcome<O extends OptionSpecs> =
  | { kind: 'help' }
  | { kind: 'error'; error: string }
  | { kind: 'args'; values: OptionValues<O>; positionals: string[] };

/** A flag. */
export function flag(help: string, short?: string): FlagOption {
  return { kind: 'flag', help, ...(short ? { short } : {}) };
}

/** A value option with its own check. */
export function value<T>(arg: string, help: string, parse: (raw: string) => Checked<T>): ValueOption<T> {
  return { kind: 'value', arg, help, parse };
}

/** Any text (not empty). */
export function text(arg: string, help: string): ValueOption<string> {
  return value(arg, help, (raw) => (raw.length > 0 ? { ok: true, value: raw } : { ok: false, why: `is empty; expected ${arg}` }));
}

/** An integer in `min..max` (`note` explains special values, e.g. `0 = unthrottled`). */
export function int(arg: string, help: string, min: number, max: number, note?: string): ValueOption<number> {
  return value(arg, help, (raw) => {
    const n = Number(raw);
    return /^-?\d+$/.test(raw) && n >= min && n <= max
      ? { ok: true, value: n }
      : { ok: false, why: `is not an integer ${min}..${max}${note ? ` (${note})` : ''}` };
  });
}

/** One of a fixed set of words. */
export function oneOf<const V extends string>(values: readonly V[], help: string): ValueOption<V> {
  return value(values.join('|'), help, (raw) =>
    (values as readonly string[]).includes(raw) ? { ok: true, value: raw as V } : { ok: false, why: `is not one of: ${values.join(', ')}` });
}

const HELP = flag('this text', 'h');

function optionLabel(name: string, o: FlagOption | ValueOption<unknown>): string {
  return `--${name}${o.kind === 'value' ? ` ${o.arg}` : ''}`;
}

/** `--a N, --b, --help`: the options a command allows, for error messages. */
export function allowedOptions(options: OptionSpecs): string {
  return [...Object.entries(options).map(([n, o]) => optionLabel(n, o)), '--help'].join(', ');
}

/** The help text of a command, from its declaration. */
export function helpText<O extends OptionSpecs>(spec: CommandSpec<O>): string {
  const rows = [...Object.entries(spec.options), ['help', HELP] as const].map(([n, o]) => [optionLabel(n, o), o.help] as const);
  const width = Math.min(28, Math.max(...rows.map(([l]) => l.length)));
  const table = rows.map(([l, h]) => {
    const lines = h.split('\n');
    const head = l.length > width ? `  ${l}\n  ${''.padEnd(width)}  ${lines[0]}` : `  ${l.padEnd(width)}  ${lines[0]}`;
    return [head, ...lines.slice(1).map((x) => `  ${''.padEnd(width)}  ${x}`)].join('\n');
  });
  return [
    `${spec.name}: ${spec.summary}`,
    '',
    ...spec.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}${spec.name}${u ? ` ${u}` : ''}`),
    '',
    'Options:',
    ...table,
    ...(spec.notes ? ['', spec.notes.trimEnd()] : []),
    '',
  ].join('\n');
}

/**
 * Parses argv against a declaration. `--help`/`-h` anywhere wins (exit 0); an unknown option, a missing or
 * malformed value, a value given to a flag or a stray positional is an error naming it and what is allowed.
 */
export function parseCommandLine<O extends OptionSpecs>(spec: CommandSpec<O>, argv: readonly string[]): ParseOutcome<O> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.kind === 'value' ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}) };
  // Non-strict tokens: every mistake is phrased here, not in parseArgs' words.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { kind: 'help' };
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  const allowed = allowedOptions(spec.options);
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    const o = spec.options[t.name];
    if (!o) return { kind: 'error', error: `unknown option "${t.rawName}"; allowed: ${allowed}` };
    const label = `--${t.name}`;
    if (o.kind === 'flag') {
      if (t.value !== undefined) return { kind: 'error', error: `${label} takes no value (got "${t.value}")` };
      values[t.name] = true;
      continue;
    }
    // `--port --host x`: parseArgs would take "--host" as the port; a value that is one of our options is a missing value.
    const missing = t.value === undefined || (!t.inlineValue && /^--[a-z]/.test(t.value) && t.value.slice(2).split('=')[0]! in options);
    if (missing) return { kind: 'error', error: `${label} needs a value: ${o.arg}` };
    const checked = o.parse(t.value!);
    if (!checked.ok) return { kind: 'error', error: `${label}: "${t.value}" ${checked.why}` };
    values[t.name] = checked.value;
  }
  for (const [name, o] of Object.entries(spec.options)) if (o.kind === 'flag') values[name] ??= false;
  const p = spec.positionals;
  const min = p?.min ?? 0;
  const max = p?.max ?? 0;
  if (positionals.length > max) {
    const extra = positionals[max]!;
    return {
      kind: 'error',
      error: max === 0
        ? `unexpected argument "${extra}"; ${spec.name} takes options only: ${allowed}`
        : `unexpected argument "${extra}"; ${spec.name} takes ${p!.names}`,
    };
  }
  if (positionals.length < min) return { kind: 'error', error: `missing ${p!.names}` };
  return { kind: 'args', values: values as OptionValues<O>, positionals };
}

/**
 * Schema hash: FNV-1a (32-bit) over a canonical text of the catalogue, so a
 * pen and a console built from different catalogues find out at HELLO.
 */
import { CATALOGUE, PROTO_VERSION, type KindSpec } from './catalogue.js';
import type { FieldSpec } from './fields.js';

function fieldText(f: FieldSpec): string {
  const o = f.optional ? '?' : '';
  switch (f.t) {
    case 'int': return `int${o}(${f.min},${f.max},${f.unit})`;
    case 'enum': return `enum${o}(${f.values.join('|')})`;
    case 'str': return `str${o}(${f.maxLen})`;
    case 'token': return `token${o}(${f.maxLen})`;
    case 'hex': return `hex${o}(${f.len})`;
  }
}

/** The canonical text the hash is taken over (one line per kind). */
export function canonicalSchemaText(): string {
  const lines = [`proto ${PROTO_VERSION}`];
  for (const [name, spec] of Object.entries(CATALOGUE) as [string, KindSpec][]) {
    const keys = Object.entries(spec.keys).map(([k, f]) => `${k}:${fieldText(f)}`).join(' ');
    const acc = Object.entries(spec.accepts ?? {}).map(([k, a]) => `${k}:${a.min}-${a.max}/${a.step ?? 1}:${a.nak}`).join(' ');
    const flags = `${spec.preHandshake ? 'P' : ''}${spec.engineering ? 'E' : ''}`;
    lines.push(`${name} ${spec.dir} [${keys}] answers[${spec.answers.join('|')}] accepts[${acc}] ${flags}`);
  }
  return lines.join('\n');
}

/** FNV-1a 32-bit over the UTF-8 bytes of a string. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The 8-hex-digit schema hash of this build's catalogue. */
export const SCHEMA_HASH: string = fnv1a32(canonicalSchemaText()).toString(16).toUpperCase().padStart(8, '0');

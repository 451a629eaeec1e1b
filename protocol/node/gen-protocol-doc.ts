/**
 * Regenerates the catalogue part of protocol/PROTOCOL.md (kinds, keys, units,
 * ranges, token sets, schema text) from the catalogue, so the spec cannot
 * drift from the code: `npm run docs:protocol`. A test fails when the file is
 * out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CART_STATUS, CART_TYPES, CATALOGUE, EVENT_NAMES, FAULT_CODES, KINDS, MAX_LINE, MAX_SEQ, NAK_CODES, PEN_STATES,
  PROTO_VERSION, SCHEMA_HASH, SIM_FAULTS, canonicalSchemaText, type FieldSpec, type Kind, type KindSpec,
} from '../src/index.js';

export const BEGIN = '<!-- BEGIN GENERATED: catalogue -->';
export const END = '<!-- END GENERATED: catalogue -->';

/** Path of PROTOCOL.md next to this package. */
export const PROTOCOL_MD = fileURLToPath(new URL('../PROTOCOL.md', import.meta.url));

function typeText(f: FieldSpec): string {
  switch (f.t) {
    case 'int': return 'int';
    case 'enum': return 'enum';
    case 'token': return `token ≤${f.maxLen}`;
    case 'hex': return `hex ×${f.len}`;
    case 'str': return `text ≤${f.maxLen}`;
  }
}

function rangeText(f: FieldSpec): string {
  switch (f.t) {
    case 'int': return `${f.min} … ${f.max}`;
    case 'enum': return f.values.length > 8 ? `see ${enumName(f.values)}` : f.values.join(' ');
    case 'token': return '`A-Z 0-9 _ . -`';
    case 'hex': return '`0-9 A-F`';
    case 'str': return '%-encoded UTF-8';
  }
}

const NAMED_SETS: [string, readonly string[]][] = [
  ['PEN_STATES', PEN_STATES], ['NAK_CODES', NAK_CODES], ['FAULT_CODES', FAULT_CODES], ['CART_STATUS', CART_STATUS],
  ['CART_TYPES', CART_TYPES], ['EVENT_NAMES', EVENT_NAMES], ['SIM_FAULTS', SIM_FAULTS],
];

function enumName(values: readonly string[]): string {
  return NAMED_SETS.find(([, v]) => v === values)?.[0] ?? values.join(' ');
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function worstValue(f: FieldSpec): number {
  switch (f.t) {
    case 'int': return Math.max(String(f.min).length, String(f.max).length);
    case 'enum': return Math.max(...f.values.map((v) => v.length));
    case 'token': return f.maxLen;
    case 'hex': return f.len;
    case 'str': return 64;
  }
}

function worstLength(name: string, spec: KindSpec): number {
  let n = 1 + String(MAX_SEQ).length + 1 + name.length + 5;
  for (const [k, f] of Object.entries(spec.keys)) n += 1 + k.length + 1 + worstValue(f);
  return n;
}

function kindSection(name: Kind): string {
  const spec = CATALOGUE[name] as KindSpec;
  const out: string[] = [];
  out.push(`#### ${name}`);
  out.push('');
  const flags = [
    spec.dir === 'host' ? 'host → pen' : 'pen → host',
    spec.answers.length ? `answered by ${spec.answers.join(' or ')}` : '',
    spec.preHandshake ? 'accepted before HELLO' : '',
    spec.engineering ? 'needs an engineering session (SR-17)' : '',
  ].filter(Boolean);
  out.push(`${spec.doc} *${flags.join('; ')}.* Longest frame: ${worstLength(name, spec)} bytes.`);
  out.push('');
  const keys = Object.entries(spec.keys);
  if (keys.length === 0) {
    out.push('No keys.');
  } else {
    out.push('| key | type | range / values | unit | req. | meaning |');
    out.push('| --- | --- | --- | --- | --- | --- |');
    for (const [k, f] of keys) {
      const unit = f.t === 'int' && f.unit ? f.unit : '';
      out.push(`| \`${k}\` | ${typeText(f)} | ${esc(rangeText(f))} | ${esc(unit)} | ${f.optional ? 'no' : 'yes'} | ${esc(f.doc)} |`);
    }
  }
  const acc = Object.entries(spec.accepts ?? {});
  if (acc.length) {
    out.push('');
    for (const [k, a] of acc) {
      out.push(`The pen accepts \`${k}\` only in ${a.min} … ${a.max}${a.step ? ` in steps of ${a.step}` : ''}; otherwise \`NAK code=${a.nak}\`.`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** The generated Markdown between the markers (without them). */
export function generateCatalogueSection(): string {
  const out: string[] = [];
  out.push('');
  out.push(`_Generated from \`protocol/src/catalogue/\` by \`npm run docs:protocol\`; do not edit by hand._`);
  out.push('');
  out.push(`Protocol version **${PROTO_VERSION}**, schema hash **\`${SCHEMA_HASH}\`**, line limit ${MAX_LINE} bytes.`);
  out.push('');
  out.push('### Kinds');
  out.push('');
  out.push('| kind | direction | keys | answered by |');
  out.push('| --- | --- | --- | --- |');
  for (const k of KINDS) {
    const s = CATALOGUE[k] as KindSpec;
    const keys = Object.entries(s.keys).map(([n, f]) => (f.optional ? `[${n}]` : n)).join(' ');
    out.push(`| [${k}](#${k.toLowerCase()}) | ${s.dir === 'host' ? 'host → pen' : 'pen → host'} | ${keys || '—'} | ${s.answers.join(', ') || '—'} |`);
  }
  out.push('');
  out.push('Keys in brackets are optional. Senders write keys in the order listed; receivers accept any order.');
  out.push('');
  out.push('### Host → pen');
  out.push('');
  for (const k of KINDS.filter((k) => CATALOGUE[k].dir === 'host')) out.push(kindSection(k));
  out.push('### Pen → host');
  out.push('');
  for (const k of KINDS.filter((k) => CATALOGUE[k].dir === 'pen')) out.push(kindSection(k));
  out.push('### Token sets');
  out.push('');
  for (const [name, values] of NAMED_SETS) out.push(`- **${name}**: ${values.map((v) => `\`${v}\``).join(' ')}`);
  out.push('');
  out.push('### Canonical schema text');
  out.push('');
  out.push(`The schema hash \`${SCHEMA_HASH}\` is FNV-1a 32-bit of these UTF-8 bytes (lines joined by LF, no final LF):`);
  out.push('');
  out.push('```text');
  out.push(canonicalSchemaText());
  out.push('```');
  out.push('');
  return out.join('\n');
}

/** PROTOCOL.md text with the generated section replaced; null when the markers are missing. */
export function withGeneratedSection(doc: string): string | null {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) return null;
  return doc.slice(0, a + BEGIN.length) + '\n' + generateCatalogueSection() + '\n' + doc.slice(b);
}

function main(): number {
  const doc = readFileSync(PROTOCOL_MD, 'utf8');
  const next = withGeneratedSection(doc);
  if (next === null) {
    console.error(`gen-protocol-doc: markers ${BEGIN} / ${END} not found in ${PROTOCOL_MD}`);
    return 1;
  }
  if (next === doc) {
    console.log('gen-protocol-doc: PROTOCOL.md is up to date');
  } else {
    writeFileSync(PROTOCOL_MD, next);
    console.log('gen-protocol-doc: PROTOCOL.md catalogue section rewritten');
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();

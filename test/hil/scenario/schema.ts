/**
 * The JSON Schema (draft-07) of scenario files, generated from the same
 * grammar and catalogue as the loader, for editors (e.g. VS Code's YAML
 * extension: `# yaml-language-server: $schema=../scenario.schema.json`). It
 * catches unknown keys, wrong types, unknown kinds, field keys and enum
 * values as one types; the loader (load.ts) is the authority and also checks
 * what a regular expression cannot (required keys of a command, ranges,
 * duplicate ids), with file:line.
 */
import { SCHEMA_HASH, type FieldSpec } from '../../../protocol/src/index.js';
import { NEEDS } from '../harness/types.js';
import { FAULTS, ID_RE, keysOf, kindsOf, STEPS, TOP, VAR_SOURCE, type ValueType } from './grammar.js';

type Json = Record<string, unknown>;

const alt = (xs: readonly string[]) => `(?:${xs.join('|')})`;
const INT = '-?[0-9]+';

function valueRe(spec: FieldSpec): string {
  const v = spec.t === 'int' ? INT : spec.t === 'enum' ? alt(spec.values) : spec.t === 'token' ? `[A-Z0-9_.-]{1,${spec.maxLen}}` : spec.t === 'hex' ? `[0-9A-F]{${spec.len}}` : '\\S+';
  return alt([v, VAR_SOURCE]);
}

function commandRe(): string {
  const kinds = kindsOf('host').map((k) => {
    const keys = Object.entries(keysOf(k));
    return keys.length ? `${k}(?: ${alt(keys.map(([key, s]) => `${key}=${valueRe(s)}`))})*` : k;
  });
  return `^${alt(kinds)}$`;
}

function patternRe(): string {
  const kinds = kindsOf('pen').map((k) => {
    const preds = Object.entries(keysOf(k)).map(([key, s]) => `${key}${s.t === 'int' ? '(?:=|!=|<=|>=|<|>)' : '(?:=|!=)'}${valueRe(s)}`);
    return `${k}(?: ${alt(preds)})*`;
  });
  return `^${alt(kinds)}$`;
}

function typeSchema(t: ValueType, doc: string): Json {
  switch (t.t) {
    case 'true':
      return { const: true, description: doc };
    case 'int':
      return { type: 'integer', minimum: t.min, description: doc };
    case 'string':
      return { type: 'string', minLength: 1, description: doc };
    case 'token':
      return { type: 'string', pattern: '^[A-Z0-9_.-]{1,24}$', description: doc };
    case 'enum':
      return { type: 'string', enum: [...t.values], description: doc };
    case 'command':
      return { type: 'string', pattern: commandRe(), description: `${doc} (host kinds: ${kindsOf('host').join(', ')})` };
    case 'pattern':
      return { type: 'string', pattern: patternRe(), description: `${doc} (pen kinds: ${kindsOf('pen').join(', ')})` };
    case 'raw':
      return { type: 'string', pattern: '^[A-Z0-9_]{1,16}( \\S+)*$', description: doc };
    case 'fault':
      return { type: 'string', pattern: `^${alt([...FAULTS])}(?: v=${alt([INT, VAR_SOURCE])})?$`, description: doc };
  }
}

function stepSchema(action: string): Json {
  const spec = STEPS[action]!;
  const properties: Json = { [action]: typeSchema(spec.value, spec.doc) };
  for (const [k, v] of Object.entries(spec.keys)) properties[k] = typeSchema(v.type, v.doc);
  return { type: 'object', title: action, description: spec.doc, required: [action], additionalProperties: false, properties };
}

/** The schema as an object. */
export function scenarioJsonSchema(): Json {
  const properties: Json = {};
  for (const [k, v] of Object.entries(TOP)) {
    if (v.type === 'needs') properties[k] = { type: 'array', uniqueItems: true, items: { type: 'string', enum: [...NEEDS] }, description: v.doc };
    else if (v.type === 'tags') properties[k] = { type: 'array', items: { type: 'string', pattern: ID_RE.source }, description: v.doc };
    else if (v.type === 'steps') properties[k] = { type: 'array', minItems: 1, items: { oneOf: Object.keys(STEPS).map((a) => ({ $ref: `#/definitions/${a}` })) }, description: v.doc };
    else properties[k] = k === 'id' ? { type: 'string', pattern: ID_RE.source, description: v.doc } : typeSchema(v.type, v.doc);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'penbench HIL scenario',
    description: `A HIL conformance case as steps (test/hil/README.md). Generated from the message catalogue (schema hash ${SCHEMA_HASH}) by test/hil/scenario/write-schema.ts; do not edit by hand.`,
    type: 'object',
    additionalProperties: false,
    required: Object.entries(TOP).filter(([, v]) => v.required).map(([k]) => k),
    properties,
    definitions: Object.fromEntries(Object.keys(STEPS).map((a) => [a, stepSchema(a)])),
  };
}

/** The schema file's text. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

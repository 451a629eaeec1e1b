/**
 * The C view of the message catalogue: C names and storage types for every
 * kind, key and token set, from which gen-c.ts writes the header and the
 * tables. Token sets are named after their export in enums.ts (found by
 * identity, as the catalogue shares those arrays); a set written inline in
 * the catalogue is named after its kind and key.
 */
import * as enums from '../src/catalogue/enums.js';
import { CATALOGUE, KINDS, type KindSpec } from '../src/catalogue/catalogue.js';
import type { FieldSpec } from '../src/catalogue/fields.js';

/** A token set as a C enum. */
export interface CSet {
  /** C type name, e.g. pb_pen_state. */
  type: string;
  /** Constant prefix, e.g. PB_PEN_STATE_. */
  prefix: string;
  /** Name of the exported name array, e.g. pb_pen_state_names. */
  namesArray: string;
  values: readonly string[];
  index: number;
}

/** One key of a kind in C. */
export interface CField {
  key: string;
  spec: FieldSpec;
  /** C declaration of the value member(s), without the has_ flag. */
  decl: string[];
  /** Type tag of the codec's field table. */
  tag: string;
  /** Table `len` column: token max, hex digits, str max chars, enum set index. */
  len: number;
  set?: CSet;
}

/** One kind in C. */
export interface CKind {
  name: string;
  /** Lower-case member name in the message union, e.g. set_depth. */
  member: string;
  /** Kind struct type, e.g. pb_set_depth_t. */
  type: string;
  constant: string;
  spec: KindSpec;
  fields: CField[];
}

/** Nicer C names for the shared sets than a mechanical rename would give. */
const SET_NAMES: Record<string, [string, string]> = {
  PEN_STATES: ['pb_pen_state', 'PB_PEN_STATE_'],
  NAK_CODES: ['pb_nak_code', 'PB_NAK_'],
  FAULT_CODES: ['pb_fault_code', 'PB_FAULT_'],
  SELF_TEST_RESULTS: ['pb_self_test', 'PB_SELFTEST_'],
  CART_STATUS: ['pb_cart_status', 'PB_CART_STATUS_'],
  CART_TYPES: ['pb_cart_type', 'PB_CART_TYPE_'],
  EVENT_NAMES: ['pb_event', 'PB_EV_'],
  SIM_FAULTS: ['pb_sim_fault', 'PB_SIM_FAULT_'],
};

function intType(min: number, max: number): [string, string] {
  if (min >= 0) {
    if (max <= 0xff) return ['uint8_t', 'FT_U8'];
    if (max <= 0xffff) return ['uint16_t', 'FT_U16'];
    return ['uint32_t', 'FT_U32'];
  }
  if (min >= -128 && max <= 127) return ['int8_t', 'FT_I8'];
  if (min >= -32768 && max <= 32767) return ['int16_t', 'FT_I16'];
  return ['int32_t', 'FT_I32'];
}

/** Every kind, key and set of the catalogue, named for C. */
export function cModel(): { kinds: CKind[]; sets: CSet[] } {
  // Sorted: a module namespace's key order is not something to rely on across loaders.
  const exported = (Object.entries(enums) as [string, unknown][])
    .filter((e): e is [string, readonly string[]] => Array.isArray(e[1]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sets: CSet[] = [];
  const setOf = (values: readonly string[], kind: string, key: string): CSet => {
    const found = sets.find((s) => s.values === values);
    if (found) return found;
    const exp = exported.find(([, v]) => v === values)?.[0];
    const [type, prefix] = exp
      ? (SET_NAMES[exp] ?? [`pb_${exp.toLowerCase()}`, `PB_${exp}_`])
      : [`pb_${kind.toLowerCase()}_${key}`, `PB_${kind}_${key.toUpperCase()}_`];
    const s: CSet = { type, prefix, namesArray: `${type}_names`, values, index: sets.length };
    sets.push(s);
    return s;
  };
  // Shared sets first, so their indices do not depend on which kind uses them first.
  for (const [name, values] of exported) if (SET_NAMES[name]) setOf(values, '', '');
  const kinds = KINDS.map((name): CKind => {
    const spec = CATALOGUE[name] as KindSpec;
    const fields = Object.entries(spec.keys).map(([key, f]): CField => {
      switch (f.t) {
        case 'int': {
          const [ctype, tag] = intType(f.min, f.max);
          return { key, spec: f, decl: [`${ctype} ${key};`], tag, len: 0 };
        }
        case 'enum': {
          const set = setOf(f.values, name, key);
          return { key, spec: f, decl: [`uint8_t ${key}; /* ${set.type} */`], tag: 'FT_ENUM', len: set.index, set };
        }
        case 'token':
          return { key, spec: f, decl: [`char ${key}[${f.maxLen + 1}];`], tag: 'FT_TOKEN', len: f.maxLen };
        case 'hex':
          return { key, spec: f, decl: [`char ${key}[${f.len + 1}];`], tag: 'FT_HEX', len: f.len };
        case 'str':
          // Decoded UTF-8 bytes: never more than the 64 bytes of the encoded value.
          return {
            key, spec: f, decl: [`char ${key}[65]; /* UTF-8, ${key}_len bytes, NUL-terminated */`, `uint8_t ${key}_len;`],
            tag: 'FT_STR', len: f.maxLen,
          };
      }
    });
    const member = name.toLowerCase();
    return { name, member, type: `pb_${member}_t`, constant: `PB_KIND_${name}`, spec, fields };
  });
  return { kinds, sets };
}

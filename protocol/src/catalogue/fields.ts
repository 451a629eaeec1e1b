/**
 * Field specifications: the single definition from which both the TypeScript
 * types of a message's fields and the codec's runtime validation come.
 */

/** An integer field; `min`/`max` are enforced by the codec (BAD_FIELD). */
export interface IntField {
  readonly t: 'int';
  readonly min: number;
  readonly max: number;
  readonly unit: string;
  readonly doc: string;
  readonly optional: boolean;
}

/** One of a fixed set of upper-case tokens. */
export interface EnumField<V extends string = string> {
  readonly t: 'enum';
  readonly values: readonly V[];
  readonly doc: string;
  readonly optional: boolean;
}

/** A free text value, %-encoded on the wire. */
export interface StrField {
  readonly t: 'str';
  readonly maxLen: number;
  readonly doc: string;
  readonly optional: boolean;
}

/** An upper-case token such as an area id or cartridge id: [A-Z0-9_-]. */
export interface TokenField {
  readonly t: 'token';
  readonly maxLen: number;
  readonly doc: string;
  readonly optional: boolean;
}

/** Upper-case hexadecimal of a fixed number of digits (hashes, MACs, nonces). */
export interface HexField {
  readonly t: 'hex';
  readonly len: number;
  readonly doc: string;
  readonly optional: boolean;
}

export type FieldSpec = IntField | EnumField | StrField | TokenField | HexField;

/** The decoded TypeScript value type of a field spec. */
export type FieldValue<F> = F extends IntField
  ? number
  : F extends EnumField<infer V>
    ? V
    : string;

type RequiredKeys<K> = { [P in keyof K]: K[P] extends { optional: true } ? never : P }[keyof K];
type OptionalKeys<K> = { [P in keyof K]: K[P] extends { optional: true } ? P : never }[keyof K];

/** The typed field record of a kind whose keys are specified by K. */
export type FieldsOf<K> = { -readonly [P in RequiredKeys<K>]: FieldValue<K[P]> } & {
  -readonly [P in OptionalKeys<K>]?: FieldValue<K[P]>;
};

interface Opts {
  unit?: string;
  doc?: string;
}

/** Integer in [min, max]. */
export function int(min: number, max: number, opts: Opts = {}): IntField & { optional: false } {
  return { t: 'int', min, max, unit: opts.unit ?? '', doc: opts.doc ?? '', optional: false };
}

/** One of `values`. */
export function oneOf<const V extends string>(values: readonly V[], doc = ''): EnumField<V> & { optional: false } {
  return { t: 'enum', values, doc, optional: false };
}

/** %-encoded text up to maxLen characters once decoded. */
export function str(maxLen: number, doc = ''): StrField & { optional: false } {
  return { t: 'str', maxLen, doc, optional: false };
}

/** Upper-case token up to maxLen characters. */
export function token(maxLen: number, doc = ''): TokenField & { optional: false } {
  return { t: 'token', maxLen, doc, optional: false };
}

/** Upper-case hex of exactly len digits. */
export function hex(len: number, doc = ''): HexField & { optional: false } {
  return { t: 'hex', len, doc, optional: false };
}

/** Marks a field optional. */
export function opt<F extends FieldSpec>(f: F): Omit<F, 'optional'> & { optional: true } {
  return { ...f, optional: true };
}

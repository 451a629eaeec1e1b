/** Typed messages derived from the catalogue. */
import type { Catalogue, HostKind, Kind, PenKind } from './catalogue.js';
import type { FieldsOf } from './fields.js';

/** The fields of kind K. */
export type Fields<K extends Kind> = FieldsOf<Catalogue[K]['keys']>;

/** A decoded or to-be-encoded message of kind K. */
export type Message<K extends Kind = Kind> = K extends Kind ? { seq: number; kind: K; fields: Fields<K> } : never;

/** A message the host sends. */
export type HostMessage = Message<HostKind>;
/** A message the pen sends. */
export type PenMessage = Message<PenKind>;

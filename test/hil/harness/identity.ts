/**
 * Names for a report: the pen under test (from its INFO) and the suite that
 * judged it (package version plus a hash of every case, so two suites that
 * differ in any case, need or scenario step never share a version).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTO_VERSION, SCHEMA_HASH, type Fields } from '../../../protocol/src/index.js';
import type { HilCase } from './runner.js';

/** The pen as its INFO names it. */
export interface PenIdentity {
  serial: string;
  fw: string;
  proto: number;
  schema: string;
  profile: string;
  pver: number;
  /** Hash of the loaded treatment-area profile (INFO phash). */
  phash: string;
  limits: string;
  sim: number;
}

/** The identity of a pen from its INFO. */
export function penIdentity(i: Fields<'INFO'>): PenIdentity {
  return {
    serial: i.serial, fw: i.fw, proto: i.proto, schema: i.schema, profile: i.profile, pver: i.pver, phash: i.phash, sim: i.sim,
    limits: `depth ${i.dmin}..${i.dmax}/${i.dstep} µm, rate ${i.rmin}..${i.rmax} Hz, tlm ≤ ${i.tmax} Hz`,
  };
}

/** The suite as a report names it. */
export interface SuiteIdentity {
  /** `<package version>+<8 hex>`: the hash covers every case's id, title, needs and tags and each scenario's text. */
  version: string;
  proto: number;
  schema: string;
  cases: number;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0');
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

const HIL_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The code that judges: every TypeScript file of the cases, the harness and the scenario runner, by path. */
function suiteCode(): string {
  return ['cases', 'harness', 'scenario']
    .flatMap((d) => readdirSync(join(HIL_DIR, d)).filter((f) => f.endsWith('.ts')).sort().map((f) => `${d}/${f}\n${readFileSync(join(HIL_DIR, d, f), 'utf8')}`))
    .join('\n');
}

/** The identity of a suite made of `cases` (their definitions, scenario texts and the suite's code). */
export function suiteIdentity(cases: readonly HilCase[]): SuiteIdentity {
  const list = [...cases]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((c) => [c.id, c.title, (c.needs ?? []).join(','), (c.tags ?? []).join(','), c.source ?? ''].join('\t'))
    .join('\n');
  return { version: `${packageVersion()}+${fnv1a(`${list}\n${suiteCode()}`)}`, proto: PROTO_VERSION, schema: SCHEMA_HASH, cases: cases.length };
}

/**
 * The trainer's teaching content (teaching.json): versioned, every fact with
 * its public sources, checked when loaded. Educational only: depth limits
 * always come from the pen's own profile, never from this file.
 */
import raw from './teaching.json' with { type: 'json' };

/** A public document a fact comes from. */
export interface TeachingSource {
  id: string;
  title: string;
  ref: string;
  url: string | null;
}

/** One statement and the ids of the sources it comes from. */
export interface Fact {
  text: string;
  sources: string[];
}

/** An indication: what is treated, where, and at which depths (µm). */
export interface Indication {
  id: string;
  title: string;
  /** A compact title for buttons. */
  short: string;
  /** Profile area ids; the first is the one its preset selects. */
  areas: string[];
  from: number;
  to: number;
  /** The depth its preset asks the pen for, µm. */
  preset: number;
  /** Where the depth range comes from. */
  sources: string[];
  notes: Fact[];
}

/** One step of the guided lesson. */
export interface LessonStep {
  area: string;
  indication: string | null;
  say: string;
}

/** The whole file. */
export interface Teaching {
  format: 'penbench-teaching';
  version: number;
  updated: string;
  notice: string;
  sources: TeachingSource[];
  areas: Record<string, { name: string; short: string }>;
  common: { passes: Fact; sessions: Fact; numbing: Fact; aftercare: Fact[]; contraindications: Fact[] };
  indications: Indication[];
  lesson: LessonStep[];
}

/** A parse outcome: the content or the first problem found. */
export type TeachingResult = { ok: true; teaching: Teaching } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isUm = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 9999;

/** Checks the shape and that every fact names known sources; returns the first problem in words. */
export function parseTeaching(data: unknown): TeachingResult {
  const fail = (error: string): TeachingResult => ({ ok: false, error });
  if (!isObj(data) || data.format !== 'penbench-teaching') return fail('format must be "penbench-teaching"');
  if (!Number.isInteger(data.version) || (data.version as number) < 1) return fail('version must be a positive integer');
  if (!isStr(data.updated) || !isStr(data.notice)) return fail('updated and notice are required');
  if (!Array.isArray(data.sources) || data.sources.length === 0) return fail('sources must be a non-empty list');
  const ids = new Set<string>();
  for (const s of data.sources) {
    if (!isObj(s) || !isStr(s.id) || !isStr(s.title) || !isStr(s.ref) || !(s.url === null || isStr(s.url))) return fail('each source needs id, title, ref and url (or null)');
    ids.add(s.id);
  }
  const fact = (f: unknown, where: string): string | null => {
    if (!isObj(f) || !isStr(f.text) || !Array.isArray(f.sources) || f.sources.length === 0) return `${where}: a fact needs text and at least one source`;
    const unknown = f.sources.find((id) => !ids.has(id as string));
    return unknown === undefined ? null : `${where}: unknown source "${String(unknown)}"`;
  };
  const facts = (list: unknown, where: string): string | null => {
    if (!Array.isArray(list) || list.length === 0) return `${where} must be a non-empty list of facts`;
    for (const f of list) {
      const why = fact(f, where);
      if (why) return why;
    }
    return null;
  };
  if (!isObj(data.areas)) return fail('areas must map area ids to names');
  for (const [id, a] of Object.entries(data.areas)) if (!isObj(a) || !isStr(a.name) || !isStr(a.short)) return fail(`areas.${id} needs name and short`);
  const c = data.common;
  if (!isObj(c)) return fail('common is required');
  const commonWhy =
    fact(c.passes, 'common.passes') ?? fact(c.sessions, 'common.sessions') ?? fact(c.numbing, 'common.numbing') ??
    facts(c.aftercare, 'common.aftercare') ?? facts(c.contraindications, 'common.contraindications');
  if (commonWhy) return fail(commonWhy);
  if (!Array.isArray(data.indications) || data.indications.length === 0) return fail('indications must be a non-empty list');
  const indications = new Set<string>();
  for (const i of data.indications) {
    if (!isObj(i) || !isStr(i.id) || !isStr(i.title) || !isStr(i.short)) return fail('each indication needs id, title and short');
    const where = `indication ${i.id}`;
    if (!Array.isArray(i.areas) || i.areas.length === 0 || !i.areas.every((a) => isStr(a) && isObj(data.areas) && a in data.areas)) return fail(`${where}: areas must be known area ids`);
    if (!isUm(i.from) || !isUm(i.to) || !isUm(i.preset) || i.from > i.to || i.preset < i.from || i.preset > i.to) return fail(`${where}: needs from ≤ preset ≤ to, in µm`);
    const why = fact({ text: i.title, sources: i.sources }, `${where} depth`) ?? facts(i.notes, `${where}.notes`);
    if (why) return fail(why);
    indications.add(i.id);
  }
  if (!Array.isArray(data.lesson) || data.lesson.length === 0) return fail('lesson must be a non-empty list of steps');
  for (const s of data.lesson) {
    if (!isObj(s) || !isStr(s.area) || !(s.area in data.areas) || !isStr(s.say)) return fail('each lesson step needs a known area and what to say');
    if (s.indication !== null && !indications.has(s.indication as string)) return fail(`lesson step ${s.area}: unknown indication`);
  }
  return { ok: true, teaching: data as unknown as Teaching };
}

function load(): Teaching {
  const r = parseTeaching(raw);
  // The file ships with the console and a test parses it: a broken file is a build error, not a user's.
  if (!r.ok) throw new Error(`teaching.json is invalid: ${r.error}`);
  return r.teaching;
}

/** The teaching content shipped with this console. */
export const TEACHING: Teaching = load();

/** The source records of a fact, in its order. */
export function sourcesOf(f: Fact, t: Teaching = TEACHING): TeachingSource[] {
  return f.sources.map((id) => t.sources.find((s) => s.id === id)).filter((s): s is TeachingSource => !!s);
}

/** The indication by id. */
export function indicationById(id: string | null | undefined, t: Teaching = TEACHING): Indication | undefined {
  return id ? t.indications.find((i) => i.id === id) : undefined;
}

/** The indications whose depth range contains `um`. */
export function indicationsAt(um: number, t: Teaching = TEACHING): Indication[] {
  return t.indications.filter((i) => um >= i.from && um <= i.to);
}

/**
 * Which cases run and in what order: a text filter, tags, the ids of a
 * previous run's failures, and a seeded shuffle that proves every case sets
 * up its own preconditions (the seed is printed, so an order can be replayed).
 */
import type { HilCase } from './runner.js';
import { Rng } from '../../../firmware-sim/src/physics/rng.js';

/** What to run. */
export interface Selection {
  /** Case id or title contains this text (case-insensitive). */
  filter?: string;
  /** Keep cases having at least one of these tags. */
  tags?: readonly string[];
  /** Drop cases having any of these tags. */
  excludeTags?: readonly string[];
  /** Keep only these ids (e.g. the failures of a JUnit report). */
  ids?: readonly string[];
}

/** The SR ids a case proves: those at the start of its title or id (`SR-08 …`, `SC.SR-08`). */
export function srIdsOf(c: Pick<HilCase, 'id' | 'title'>): string[] {
  const found = new Set<string>();
  for (const text of [c.title, c.id]) for (const m of text.matchAll(/\bSR-(\d{2})\b/g)) found.add(`SR-${m[1]}`);
  return [...found].sort();
}

/** Every tag of a case: its own, its group (`hs`, `cmd`, `sr`, `scenario` …), its SR ids and its needs. */
export function caseTags(c: HilCase): string[] {
  const first = c.id.split('.')[0]!;
  const group = /^SR-\d\d$/.test(first) ? 'sr' : first.toLowerCase();
  const tags = new Set<string>([...(c.tags ?? []), group === 'sc' ? 'scenario' : group, ...srIdsOf(c), ...(c.needs ?? [])]);
  if (srIdsOf(c).length > 0) tags.add('safety');
  return [...tags];
}

const lower = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => x.toLowerCase());

/** The cases a selection keeps, in their given order. */
export function selectCases(cases: readonly HilCase[], sel: Selection = {}): HilCase[] {
  const f = sel.filter?.toLowerCase();
  const want = lower(sel.tags);
  const drop = lower(sel.excludeTags);
  const ids = sel.ids ? new Set(sel.ids) : null;
  return cases.filter((c) => {
    if (ids && !ids.has(c.id)) return false;
    if (f && !c.id.toLowerCase().includes(f) && !c.title.toLowerCase().includes(f)) return false;
    const tags = lower(caseTags(c));
    if (want.length > 0 && !want.some((t) => tags.includes(t))) return false;
    return !drop.some((t) => tags.includes(t));
  });
}

/** Every tag in use, sorted, for error messages and --list. */
export function allTags(cases: readonly HilCase[]): string[] {
  return [...new Set(cases.flatMap(caseTags))].sort();
}


/** The items in a random order fixed by `seed` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = new Rng(seed);
  const rnd = () => rng.next();
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A seed for a shuffled run when none is given. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

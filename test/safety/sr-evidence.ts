/**
 * What proves each rule, read from the tests: test titles that start with rule
 * ids (`it('SR-16 STOP …')`, also `describe`, `it.skipIf(…)('SR-…')`), HIL
 * cases and YAML scenarios whose titles start with them, and the adversarial
 * search's invariants. The rules and hazards come from safety-rules.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INVARIANTS } from '../verify/oracle/invariants.js';
import { tsFiles } from './sr-comments.js';

/** A test, HIL case or scenario that names rules at the start of its title. */
export interface Proof {
  file: string;
  title: string;
  ids: string[];
  id?: string;
}

/** The leading rule ids of a title: `SR-02 SR-03 …` (also `SR-02, SR-03 and`). */
export function leadingIds(title: string): string[] {
  const m = /^((?:SR-\d\d(?:\s*(?:,|\/|&|\+|and)?\s*))+)/.exec(title);
  return m ? [...new Set(m[1]!.match(/SR-\d\d/g) ?? [])] : [];
}

const TITLE = /\b(?:it|test|describe)\b(?:\.\w+(?:\([^;{]*?\))?)*\(\s*(['"`])(SR-\d\d(?:\\.|(?!\1)[^\\])*)\1/g;

/** Test titles starting with rule ids, in the tests under `test/`. */
export function testProofs(base: string): Proof[] {
  return tsFiles(base, 'test')
    .filter((f) => f.endsWith('.test.ts'))
    .flatMap((file) => [...readFileSync(join(base, file), 'utf8').matchAll(TITLE)].map((m) => ({ file, title: m[2]!, ids: leadingIds(m[2]!) })))
    .filter((p) => p.ids.length > 0);
}

/** HIL cases (test/hil/cases) and scenarios (test/hil/scenarios) whose titles start with rule ids. */
export function hilProofs(base: string): Proof[] {
  const cases = tsFiles(base, 'test/hil/cases').flatMap((file) =>
    [...readFileSync(join(base, file), 'utf8').matchAll(/id:\s*'([^']+)',\s*title:\s*(['"`])(SR-\d\d(?:\\.|(?!\2)[^\\])*)\2/g)]
      .map((m) => ({ file, id: m[1]!, title: m[3]!, ids: leadingIds(m[3]!) })));
  const dir = 'test/hil/scenarios';
  const scenarios = readdirSync(join(base, dir)).filter((f) => f.endsWith('.yaml')).sort().map((f) => {
    const doc = parse(readFileSync(join(base, dir, f), 'utf8')) as { id?: string; title?: string };
    const title = String(doc.title ?? '');
    return { file: `${dir}/${f}`, id: String(doc.id ?? f), title, ids: leadingIds(title) };
  });
  return [...cases, ...scenarios].filter((p) => p.ids.length > 0);
}

/** The adversarial search's invariants standing for a rule. */
export function searchInvariants(rule: string): Array<{ id: string; text: string }> {
  return Object.entries(INVARIANTS).filter(([, v]) => (v.rules as readonly string[]).includes(rule)).map(([id, v]) => ({ id, text: v.text }));
}

/** A rule of safety-rules.md. */
export interface Rule {
  id: string;
  text: string;
}

/** A row of the hazard analysis. */
export interface Hazard {
  id: string;
  hazard: string;
  cause: string;
  effect: string;
  controls: string[];
}

function rows(md: string, first: RegExp): string[][] {
  return md.split('\n').filter((l) => first.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
}

/** The rules and hazards of firmware-sim/docs/safety-rules.md. */
export function readRulesDoc(base: string): { rules: Rule[]; hazards: Hazard[] } {
  const md = readFileSync(join(base, 'firmware-sim/docs/safety-rules.md'), 'utf8');
  const rules = rows(md, /^\| SR-\d\d \|/).map(([id, text]) => ({ id: id!, text: text! }));
  const hazards = rows(md, /^\| H-\d\d \|/).map(([id, hazard, cause, effect, control]) => ({
    id: id!, hazard: hazard!, cause: cause!, effect: effect!, controls: control!.match(/SR-\d\d/g) ?? [],
  }));
  return { rules, hazards };
}

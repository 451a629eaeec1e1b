/**
 * Where the safety rules are enforced, read from the code: every comment that
 * names a rule id (`SR-05`) in the pen's sources, with its file and line, and
 * for any line of a file, the rule ids of the comment it sits under (used to
 * map each mutant to its rule). A range such as `SR-01…SR-17` is an overview,
 * not an enforcement, and is skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The pen's sources: the simulator, and the pen side of the protocol (link, codec, catalogue, engineering MAC). */
export const ENFORCING_ROOTS = ['firmware-sim/src', 'protocol/src/pen', 'protocol/src/wire', 'protocol/src/catalogue', 'protocol/node/eng-auth.ts'];

/** One comment naming rules. */
export interface SrComment {
  file: string;
  line: number;
  ids: string[];
  text: string;
  /** The comment follows code on its line. */
  trailing: boolean;
  indent: number;
}

const RANGE = /SR-\d\d\s*(?:…|\.\.\.?|–|—|-|to)\s*SR-\d\d/g;

/** The rule ids a comment names (ranges left out), in order, once each. */
export function ruleIds(text: string): string[] {
  return [...new Set(text.replace(RANGE, '').match(/SR-\d\d/g) ?? [])];
}

/** Each line's comment text and whether code precedes it on the line (a small scanner: strings, line and block comments). */
function comments(source: string): Array<{ comment: string; code: boolean; indent: number }> {
  const out: Array<{ comment: string; code: boolean; indent: number }> = [];
  let inBlock = false;
  for (const line of source.split('\n')) {
    let comment = '';
    let code = false;
    let quote: string | null = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (inBlock) {
        if (c === '*' && line[i + 1] === '/') {
          inBlock = false;
          i++;
        } else comment += c;
      } else if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === '/' && line[i + 1] === '/') {
        comment += line.slice(i + 2);
        break;
      } else if (c === '/' && line[i + 1] === '*') {
        inBlock = true;
        i++;
      } else if (c === "'" || c === '"' || c === '`') {
        quote = c;
        code = true;
      } else if (c !== ' ' && c !== '\t') code = true;
    }
    out.push({ comment, code, indent: line.length - line.trimStart().length });
  }
  return out;
}

/** The comments naming rules in one source text. */
export function srComments(file: string, source: string): SrComment[] {
  return comments(source).flatMap((c, i) => {
    const ids = ruleIds(c.comment);
    return ids.length === 0 ? [] : [{ file, line: i + 1, ids, text: c.comment.replace(/^\s*\*?\s*/, '').trim(), trailing: c.code, indent: c.indent }];
  });
}

/**
 * For each line (index 0 = line 1), the rule ids in force: a comment after
 * code on the same line; else the nearest comment on a line of its own above
 * it whose block (lines indented at least as deep) holds the line; else the
 * rules of a neighbour's trailing comment in the same block; else the rules
 * the file's header names.
 */
export function rulesByLine(source: string): string[][] {
  const lines = source.split('\n');
  const cs = comments(source);
  const indent = (i: number) => (lines[i]!.trim().length === 0 ? Infinity : cs[i]!.indent);
  const header: string[] = [];
  for (let i = 0; i < lines.length && !cs[i]!.code; i++) header.push(...ruleIds(cs[i]!.comment));
  const own: string[][] = lines.map(() => []);
  const block: string[][] = lines.map(() => []);
  const sibling: string[][] = lines.map(() => []);
  for (let i = 0; i < lines.length; i++) {
    const ids = ruleIds(cs[i]!.comment);
    if (ids.length === 0) continue;
    if (cs[i]!.code) {
      own[i] = ids;
      for (let j = i - 1; j >= 0 && indent(j) >= cs[i]!.indent; j--) if (sibling[j]!.length === 0) sibling[j] = ids;
      for (let j = i + 1; j < lines.length && indent(j) >= cs[i]!.indent; j++) if (sibling[j]!.length === 0) sibling[j] = ids;
    } else if (cs[i]!.indent > 0) {
      let j = i + 1;
      while (j < lines.length && !cs[j]!.code) j++;
      for (; j < lines.length && indent(j) >= cs[i]!.indent; j++) {
        if (!cs[j]!.code && ruleIds(cs[j]!.comment).length > 0 && cs[j]!.indent <= cs[i]!.indent) break;
        block[j] = ids;
      }
    } else if (i >= header.length) {
      // A top-level comment documents the declaration after it: its first line, its body, its closing line.
      let j = i + 1;
      while (j < lines.length && !cs[j]!.code) j++;
      for (let first = true; j < lines.length; j++, first = false) {
        const closer = /^[\]})]+[;,)]*$/.test(lines[j]!.trim());
        if (!first && indent(j) === 0 && !closer) break;
        block[j] = ids;
      }
    }
  }
  const fileIds = [...new Set(header)];
  return lines.map((_, i) => (own[i]!.length ? own[i]! : block[i]!.length ? block[i]! : sibling[i]!.length ? sibling[i]! : fileIds));
}

/** The TypeScript files under a root (a folder or one file), relative to `base`. */
export function tsFiles(base: string, root: string): string[] {
  const abs = join(base, root);
  if (statSync(abs).isFile()) return [root];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => relative(base, join(abs, f)))
    .sort();
}

/** Every rule-naming comment in the pen's sources. */
export function enforcingComments(base: string): SrComment[] {
  return ENFORCING_ROOTS.flatMap((r) => tsFiles(base, r)).flatMap((f) => srComments(f, readFileSync(join(base, f), 'utf8')));
}

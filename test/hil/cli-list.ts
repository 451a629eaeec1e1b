/** `npm run hil -- --list`: every selected case with its id, SR ids, tags and what it needs, then what each need means. */
import type { HilCase } from './harness/runner.js';
import { caseTags, srIdsOf } from './harness/select.js';
import { NEED_DOC, type Need } from './harness/types.js';

/** The listing as text. */
export function listCases(cases: readonly HilCase[]): string {
  const w = Math.max(...cases.map((c) => c.id.length));
  const lines = cases.map((c) => {
    const srs = srIdsOf(c).join(',') || '-';
    const needs = (c.needs ?? []).join(',') || '-';
    const tags = caseTags(c).filter((t) => !srIdsOf(c).includes(t) && !(c.needs ?? []).includes(t as Need)).join(',');
    return `${c.id.padEnd(w)}  ${srs.padEnd(11)}  needs: ${needs.padEnd(28)}  tags: ${tags.padEnd(22)}  ${c.title}`;
  });
  const used = [...new Set(cases.flatMap((c) => c.needs ?? []))].sort();
  const legend = used.map((n) => `  ${n}: ${NEED_DOC[n]}`);
  return [...lines, '', `${cases.length} cases.${used.length ? ' Needs:' : ''}`, ...legend, ''].join('\n');
}

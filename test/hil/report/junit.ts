/**
 * JUnit XML of a suite run: one testcase per case, names carrying the SR id,
 * skips as `<skipped message=…>`, and the pen and suite named in properties
 * (serial, firmware, schema, profile and its hash; suite version, order seed).
 */
import type { CaseResult, SuiteResult } from '../harness/runner.js';

/** Escape text for XML attributes and content (control characters dropped: XML 1.0 forbids them). */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The group of a case id: `SR-08.power-cycle` → `SR-08`, `ROB.bad-crc` → `ROB`. */
export function groupOf(id: string): string {
  return id.split('.')[0] ?? id;
}

function testcase(r: CaseResult): string {
  const name = xmlEscape(`${r.id}: ${r.title}`);
  const time = (r.durationMs / 1000).toFixed(3);
  const out = [...r.log, ...Object.entries(r.metrics).map(([k, v]) => `metric ${k} = ${v}`)].join('\n');
  const props = Object.entries(r.metrics)
    .map(([k, v]) => `        <property name="${xmlEscape(k)}" value="${xmlEscape(String(v))}"/>`)
    .join('\n');
  let body = '';
  if (props) body += `      <properties>\n${props}\n      </properties>\n`;
  if (r.status === 'fail') body += `      <failure message="${xmlEscape(r.message ?? 'failed')}" type="HilFailure">${xmlEscape(r.message ?? '')}</failure>\n`;
  if (r.status === 'skip') body += `      <skipped message="${xmlEscape(r.message ?? 'skipped')}"/>\n`;
  if (out) body += `      <system-out>${xmlEscape(out)}</system-out>\n`;
  const cls = xmlEscape(`hil.${groupOf(r.id)}`);
  return body
    ? `    <testcase classname="${cls}" name="${name}" time="${time}">\n${body}    </testcase>`
    : `    <testcase classname="${cls}" name="${name}" time="${time}"/>`;
}

/** What names the run: target, pen, suite, order and notes, as name/value pairs (JUnit properties, HTML header). */
export function runProperties(s: SuiteResult): [string, string][] {
  const p: [string, string][] = [['target', s.target], ['features', s.features.join(',')]];
  if (s.pen) {
    const pen = s.pen;
    p.push(['pen.serial', pen.serial], ['pen.firmware', pen.fw], ['pen.proto', String(pen.proto)], ['pen.schema', pen.schema],
      ['pen.profile', `${pen.profile} v${pen.pver}`], ['pen.profile_hash', pen.phash], ['pen.limits', pen.limits], ['pen.sim', String(pen.sim)]);
  }
  p.push(['suite.version', s.suite.version], ['suite.proto', String(s.suite.proto)], ['suite.schema', s.suite.schema], ['order', s.seed === null ? 'suite order' : `shuffled, --seed ${s.seed}`]);
  s.notes.forEach((n, i) => p.push([`note.${i + 1}`, n]));
  return p;
}

/** Render a suite result as JUnit XML. */
export function junitXml(s: SuiteResult): string {
  const n = s.results.length;
  const failures = s.results.filter((r) => r.status === 'fail').length;
  const skipped = s.results.filter((r) => r.status === 'skip').length;
  const time = (s.durationMs / 1000).toFixed(3);
  const suiteName = xmlEscape(`penbench HIL conformance (${s.target}${s.pen ? `, pen ${s.pen.serial} ${s.pen.fw}` : ''})`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="penbench HIL" tests="${n}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="${suiteName}" tests="${n}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}" timestamp="${xmlEscape(s.startedAt)}">`,
    '    <properties>',
    ...runProperties(s).map(([k, v]) => `      <property name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>`),
    '    </properties>',
    ...s.results.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Reading a JUnit report back: the ids of the cases that failed, for `--rerun-failed`. */
import { findAll, parseXml } from '../support/mini-xml.js';

/** The case ids (the name before `: `) of every testcase with a <failure> or <error>; throws on a file that is not JUnit XML. */
export function failedCaseIds(xml: string): string[] {
  const root = parseXml(xml);
  if (root.name !== 'testsuites' && root.name !== 'testsuite') throw new Error(`not a JUnit report: the root element is <${root.name}>`);
  return findAll(root, 'testcase')
    .filter((c) => c.children.some((x) => x.name === 'failure' || x.name === 'error'))
    .map((c) => (c.attrs['name'] ?? '').split(': ')[0]!)
    .filter((id) => id !== '');
}

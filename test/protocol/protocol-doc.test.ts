/** protocol/PROTOCOL.md stays true: generated tables current, every example frame real, every NAK reason explained. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NAK_CODES, decodeLine } from '../../protocol/src/index.js';
import { BEGIN, END, PROTOCOL_MD, withGeneratedSection } from '../../protocol/node/gen-protocol-doc.js';

const doc = readFileSync(PROTOCOL_MD, 'utf8');
const FRAME = /\$\d{1,5} [A-Z0-9_]+(?: [^\s*$`]+)*\*[0-9A-Fa-f]{4}/g;

/** Every frame in the document with the error its line announces, if any. */
function framesOf(text: string): { frame: string; expect: string | null; line: number }[] {
  const out: { frame: string; expect: string | null; line: number }[] = [];
  text.split('\n').forEach((l, i) => {
    const announced = /\(error: ([A-Z_]+)\)/.exec(l)?.[1] ?? null;
    for (const m of l.matchAll(FRAME)) out.push({ frame: m[0], expect: announced, line: i + 1 });
  });
  return out;
}

describe('PROTOCOL.md', () => {
  it('has the catalogue section generated from the current catalogue (run `npm run docs:protocol` if this fails)', () => {
    expect(doc.split(BEGIN)).toHaveLength(2);
    expect(doc.split(END)).toHaveLength(2);
    expect(withGeneratedSection(doc)).toBe(doc);
  });

  it('has at least a dozen worked example frames outside the generated tables', () => {
    const prose = doc.slice(0, doc.indexOf(BEGIN));
    expect(framesOf(prose).filter((f) => f.expect === null).length).toBeGreaterThanOrEqual(12);
  });

  it('every example frame has a real CRC and decodes, or fails with exactly the error its line announces', () => {
    const frames = framesOf(doc);
    expect(frames.length).toBeGreaterThan(12);
    for (const f of frames) {
      const r = decodeLine(f.frame);
      const got = r.ok ? null : r.error;
      expect(got, `line ${f.line}: ${f.frame}${r.ok ? '' : ` → ${r.detail}`}`).toBe(f.expect);
    }
  });

  it('explains every NAK reason of the catalogue', () => {
    const table = doc.slice(doc.indexOf('## 8. NAK reasons'), doc.indexOf('## 9.'));
    for (const code of NAK_CODES) expect(table, code).toContain(`| \`${code}\` |`);
  });

  it('leaves the pen-behaviour section, between its markers, to the firmware engineer', () => {
    const a = doc.indexOf('<!-- BEGIN SECTION: pen-behaviour -->');
    const b = doc.indexOf('<!-- END SECTION: pen-behaviour -->');
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
  });

  it('states the CRC check value and the 200-byte rule measured from $ to the last CRC digit', () => {
    expect(doc).toContain('`123456789` is `29B1`');
    expect(doc).toContain('counted from the `$` to the last\n  CRC digit');
  });
});

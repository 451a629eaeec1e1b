/**
 * `npm run pen -- dump <recording>`: decode a capture, either the console's
 * session recording (JSON Lines, format 1, see console/session/recorder.ts:
 * {"w":…,"t":…,"d":"in"|"out"|"note","l":"$…"}) or a plain file of wire lines.
 * Each line is shown with its time and direction, decoded or with the reason
 * it does not decode; a summary counts kinds, errors and pen seq gaps.
 */
import { decodeLine, specOf } from '../../protocol/src/index.js';
import { fieldText } from './format.js';

/** One line of a capture. */
export interface CaptureLine {
  /** ms since the first record, when known. */
  t?: number;
  dir: 'in' | 'out' | 'note' | '?';
  line: string;
}

/** Read a capture: console JSON Lines recording or plain lines. */
export function readCapture(text: string): { format: 'recording' | 'lines'; lines: CaptureLine[] } {
  const rows = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const isJson = rows.length > 0 && rows[0]!.trimStart().startsWith('{');
  if (!isJson) return { format: 'lines', lines: rows.map((l) => ({ dir: '?', line: l })) };
  const out: CaptureLine[] = [];
  let w0: number | null = null;
  for (const r of rows) {
    let v: unknown;
    try {
      v = JSON.parse(r);
    } catch {
      // A torn last record (the console was killed mid-write) is skipped.
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    if (typeof o['l'] !== 'string') continue;
    const w = typeof o['w'] === 'number' ? o['w'] : null;
    if (w !== null) w0 ??= w;
    const d = o['d'] === 'in' || o['d'] === 'out' || o['d'] === 'note' ? o['d'] : '?';
    out.push({ ...(w !== null && w0 !== null ? { t: w - w0 } : {}), dir: d, line: o['l'] });
  }
  return { format: 'recording', lines: out };
}

/** Decode a capture into printable lines plus a summary. */
export function dumpCapture(text: string): string[] {
  const { format, lines } = readCapture(text);
  const out: string[] = [];
  const kinds = new Map<string, number>();
  let errors = 0;
  let lost = 0;
  let lastPenSeq: number | null = null;
  const seen = new Set<string>();
  for (const c of lines) {
    const time = c.t !== undefined ? `${(c.t / 1000).toFixed(3).padStart(9)} s ` : '';
    const arrow = c.dir === 'in' ? '<' : c.dir === 'out' ? '>' : c.dir === 'note' ? '#' : ' ';
    if (c.dir === 'note') {
      out.push(`${time}# ${c.line}`);
      continue;
    }
    const r = decodeLine(c.line);
    if (!r.ok) {
      errors++;
      out.push(`${time}${arrow} !! ${r.error}: ${r.detail}  ${JSON.stringify(c.line)}`);
      continue;
    }
    const m = r.msg;
    kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
    const fromPen = c.dir === 'in' || (c.dir === '?' && specOf(m.kind)?.dir === 'pen');
    if (fromPen && !seen.has(c.line)) {
      seen.add(c.line);
      if (lastPenSeq !== null) {
        const gap = (m.seq - lastPenSeq - 1 + 65536) % 65536;
        if (gap > 0 && gap < 1000) lost += gap;
      }
      lastPenSeq = m.seq;
    }
    out.push(`${time}${arrow} ${m.kind.padEnd(11)} seq=${String(m.seq).padEnd(5)} ${fieldText(m.fields)}`.trimEnd());
  }
  const byKind = [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  out.push(`-- ${lines.length} lines (${format === 'recording' ? 'console recording' : 'plain lines'}): ${byKind || 'no frames'}; ${errors} undecodable; ${lost} pen frames lost (seq gaps)`);
  return out;
}

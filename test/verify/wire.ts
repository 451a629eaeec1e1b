/**
 * Building the host's lines: well-formed commands through the project's codec,
 * and spoiled ones by hand (bad CRC, broken framing, over-long lines, a
 * trailing space, an unknown or pen-side kind, extra or missing keys…).
 */
import { encode, encodeBody, frame, type Message } from '../../protocol/src/index.js';
import type { BadForm, Fields } from './actions.js';

/** A well-formed command line. */
export function commandLine(seq: number, kind: string, fields: Fields): string {
  return encode({ seq, kind, fields } as unknown as Message);
}

/** The body (between `$` and `*`) of a command. */
function body(seq: number, kind: string, fields: Fields): string {
  return encodeBody({ seq, kind, fields } as unknown as Message);
}

/** Printable garbage without `$` or LF, from a seed. */
function garbage(n: number, seed: number): string {
  let s = '';
  let x = seed | 0 || 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    const c = 0x21 + ((x >>> 8) % 94);
    s += String.fromCharCode(c === 0x24 ? 0x23 : c);
  }
  return s;
}

/** A pen-side frame a host should never send (an echo-like intrusion). */
function penFrame(seq: number, which: number): string {
  const frames: Array<[string, Fields]> = [
    ['ACK', { re: 0, t: 100 }],
    ['NAK', { re: 1, code: 'BAD_STATE' }],
    ['TLM', { t: 1000, s: 'RUN', d: 1000, m: 998, r: 120, n: 10, p: 0, c: 250, b: 90 }],
    ['EVT', { ev: 'STATE', t: 1000, st: 'RUN' }],
  ];
  const [kind, fields] = frames[which % frames.length]!;
  return commandLine(seq, kind, fields);
}

/** The spoiled line for `form`, built around the command `kind fields` with host seq `seq`. */
export function badLine(form: BadForm, seq: number, kind: string, fields: Fields): string {
  const good = commandLine(seq, kind, fields);
  const b = body(seq, kind, fields);
  switch (form) {
    case 'crc': {
      const last = good.charAt(good.length - 2);
      return `${good.slice(0, -2)}${last === '0' ? '1' : '0'}\n`;
    }
    case 'no-star':
      return good.replace('*', '');
    case 'too-long':
      return frame(`${seq} ${kind} msg=${'X'.repeat(64)} ${'pad='.padEnd(70, 'Y')} ${'more='.padEnd(70, 'Z')}`);
    case 'garbage':
      return `${garbage(12 + (seq % 40), seq)}\n`;
    case 'garbage-prefix':
      return garbage(1 + (seq % 20), seq) + good;
    case 'trailing-space':
      return frame(`${b} `);
    case 'double-space': {
      const i = b.lastIndexOf(' ');
      return frame(`${b.slice(0, i)} ${b.slice(i)}`);
    }
    case 'lower-kind':
      return frame(b.replace(kind, kind.toLowerCase()));
    case 'unknown-kind':
      return frame(`${seq} FROB`);
    case 'extra-key':
      return frame(`${b} why=user`);
    case 'missing-key':
      return frame(`${seq} ${kind}`);
    case 'bad-value':
      return frame(`${seq} ${kind} ${Object.keys(fields)[0] ?? 'x'}=fast`);
    case 'pen-kind':
      return penFrame(seq, seq);
    case 'empty':
      return seq % 2 === 0 ? '\n' : '\r\n';
    case 'crlf':
      return good.replace(/\n$/, '\r\n');
    case 'seq-too-big':
      return frame(b.replace(/^\d+/, String(65536 + (seq % 1000))));
  }
}

/**
 * What a terminal shows for some output: a small emulation of the escape
 * sequences node:readline writes (cursor to a column, clear line, clear
 * below), so a test can read the screen line by line as a person would.
 */

/** The lines on screen after `output` was written to an empty terminal. */
export function screenLines(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const l = lines[row]!.padEnd(col);
    lines[row] = l.slice(0, col) + ch + l.slice(col + 1);
    col++;
  };
  for (let i = 0; i < output.length; i++) {
    const ch = output[i]!;
    if (ch === '\x1b' && output[i + 1] === '[') {
      // eslint-disable-next-line no-control-regex -- parsing the terminal's own sequences
      const m = /^\x1b\[(\d*)([A-Za-z])/.exec(output.slice(i));
      if (!m) continue;
      i += m[0].length - 1;
      const n = m[1] === '' ? undefined : Number(m[1]);
      switch (m[2]) {
        case 'G': col = Math.max(0, (n ?? 1) - 1); break;
        case 'K': lines[row] = n === 2 ? '' : lines[row]!.slice(0, col); break;
        case 'J': lines[row] = lines[row]!.slice(0, col); lines.length = row + 1; break;
        case 'A': row = Math.max(0, row - (n ?? 1)); break;
        case 'B': row += n ?? 1; while (lines.length <= row) lines.push(''); break;
        case 'C': col += n ?? 1; break;
        case 'D': col = Math.max(0, col - (n ?? 1)); break;
      }
      continue;
    }
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      col = 0;
      if (lines.length <= row) lines.push('');
    } else put(ch);
  }
  return lines;
}

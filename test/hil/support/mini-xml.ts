/**
 * A small strict XML reader for checking the JUnit files the CLI writes:
 * elements, quoted attributes, text, the five predefined entities and numeric
 * references; anything malformed (unbalanced tags, bad entity, stray `<`) throws.
 */

/** An element. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string, where: number): string {
  return s.replace(/&([^;]*);|&/g, (m, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare & near offset ${where}`);
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const v = ENT[name];
    if (v === undefined) throw new Error(`unknown entity ${m} near offset ${where}`);
    return v;
  });
}

/** Parse a document; returns the root element. */
export function parseXml(doc: string): XmlElement {
  let i = 0;
  const src = doc.replace(/^\uFEFF/, '');
  const skipProlog = () => {
    for (;;) {
      const rest = src.slice(i).match(/^\s*/)![0];
      i += rest.length;
      if (src.startsWith('<?', i)) i = src.indexOf('?>', i) + 2;
      else if (src.startsWith('<!--', i)) i = src.indexOf('-->', i) + 3;
      else return;
    }
  };
  skipProlog();
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < src.length) {
    if (src[i] === '<') {
      if (src.startsWith('<!--', i)) {
        i = src.indexOf('-->', i) + 3;
        continue;
      }
      const end = src.indexOf('>', i);
      if (end < 0) throw new Error(`unterminated tag at ${i}`);
      const tag = src.slice(i + 1, end);
      if (tag.startsWith('/')) {
        const name = tag.slice(1).trim();
        const open = stack.pop();
        if (!open || open.name !== name) throw new Error(`</${name}> at ${i} closes ${open ? `<${open.name}>` : 'nothing'}`);
        if (stack.length === 0) root = open;
      } else {
        const selfClose = tag.endsWith('/');
        const body = selfClose ? tag.slice(0, -1) : tag;
        const m = /^([A-Za-z_][\w.-]*)/.exec(body);
        if (!m) throw new Error(`bad tag name at ${i}`);
        const el: XmlElement = { name: m[1]!, attrs: {}, children: [], text: '' };
        const attrText = body.slice(m[1]!.length);
        const attrRe = /\s+([A-Za-z_][\w.-]*)="([^"<]*)"/gy;
        let pos = 0;
        for (let a = attrRe.exec(attrText); a; a = attrRe.exec(attrText)) {
          el.attrs[a[1]!] = unescape(a[2]!, i);
          pos = attrRe.lastIndex;
        }
        if (attrText.slice(pos).trim() !== '') throw new Error(`malformed attributes in <${el.name}> at ${i}: ${attrText.slice(pos)}`);
        if (stack.length) stack[stack.length - 1]!.children.push(el);
        else if (root) throw new Error('two root elements');
        if (selfClose) {
          if (stack.length === 0) root = el;
        } else stack.push(el);
      }
      i = end + 1;
    } else {
      const next = src.indexOf('<', i);
      const text = src.slice(i, next < 0 ? src.length : next);
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error(`text outside the root at ${i}`);
      } else stack[stack.length - 1]!.text += unescape(text, i);
      i = next < 0 ? src.length : next;
    }
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** All descendants named `name`. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

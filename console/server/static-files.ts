/** Serving the built renderer: index.html with the token added to its asset URLs, and the assets themselves. */
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { isExportName } from '../shared/charts/recordings-api.js';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** A file to send, or null when the path is not one of the renderer's files. */
export function resolveAsset(rootDir: string, urlPath: string): { file: string; type: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = normalize(join(rootDir, rel));
  // No escaping the build directory with ../ or absolute paths.
  if (!file.startsWith(normalize(rootDir) + sep)) return null;
  try {
    if (!statSync(file).isFile()) return null;
  } catch {
    return null;
  }
  const type = TYPES[extname(file)];
  return type ? { file, type } : null;
}

/** The export file a `/exports/<name>` request names, or null (a bad name, not a regular file, a link). */
export function resolveExport(exportsDir: string, urlPath: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(urlPath.replace(/^\/exports\//, ''));
  } catch {
    return null;
  }
  if (!urlPath.startsWith('/exports/') || !isExportName(name)) return null;
  const file = join(exportsDir, name);
  try {
    return lstatSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** index.html with `?token=` appended to every relative src/href, so the asset requests pass the token check. */
export function indexWithToken(html: string, token: string): string {
  const q = `token=${encodeURIComponent(token)}`;
  return html.replace(/(src|href)="(\.\/[^"?#]+)"/g, (_m, attr: string, url: string) => `${attr}="${url}?${q}"`);
}

/**
 * A JavaScript chunk with `?token=` added to its relative imports, static and dynamic (the UI loads each tab's
 * chunk when it opens), so those requests pass the token check too; every chunk is then reached by one URL,
 * so each module is instantiated once.
 */
export function scriptWithToken(js: string, token: string): string {
  const q = `token=${encodeURIComponent(token)}`;
  return js.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)(["'`])(\.\/[^"'`?#\s]+\.js)\2/g, (_m, head: string, quote: string, url: string) => `${head}${quote}${url}?${q}${quote}`);
}

/** Reads a file (small; the renderer build is a few files). */
export function readAsset(file: string): Buffer {
  return readFileSync(file);
}

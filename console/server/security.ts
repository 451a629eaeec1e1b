/**
 * Browser-mode access control. The bridge drives a medical device, so no
 * other page in the user's browser may reach it: every HTTP request and the
 * WebSocket upgrade must carry the per-run token, name our host in `Host`
 * (defeats DNS rebinding) and, for the upgrade, come from our own `Origin`
 * (defeats cross-site WebSocket hijacking).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh 128-bit token, URL-safe. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Constant-time token comparison; false for a missing or differently sized token. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A host as it appears in a URL and a Host header: IPv6 addresses in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The `host:port` values the server answers to: the address it is bound to (so the URL it prints works, `[::1]`
 * included), and the loopback names a browser may use for it.
 */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const hosts = new Set<string>();
  const v6 = bindHost.includes(':');
  const names = ['localhost', urlHost(bindHost), ...(v6 ? ['[::1]'] : ['127.0.0.1'])];
  for (const h of names) hosts.add(`${h.toLowerCase()}:${port}`);
  return hosts;
}

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Why a request is refused, or null when it may proceed. */
export function checkRequest(
  req: { url?: string | undefined; headers: Record<string, string | string[] | undefined> },
  opts: { token: string; hosts: ReadonlySet<string>; upgrade?: boolean },
): string | null {
  const host = req.headers.host;
  if (typeof host !== 'string' || !opts.hosts.has(host.toLowerCase())) return 'unexpected Host header';
  if (opts.upgrade) {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !opts.hosts.has(origin.replace(/^http:\/\//, '').toLowerCase()) || !origin.startsWith('http://')) {
      return 'unexpected Origin';
    }
  }
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return 'bad URL';
  }
  if (!tokenMatches(opts.token, url.searchParams.get('token'))) return 'missing or wrong token';
  return null;
}

/**
 * PenApi over the browser-mode WebSocket bridge. The token comes from the page
 * URL (the server printed it); without it the bridge refuses the upgrade.
 */
import type { PenApi, PenMethod, PenPush, SessionState, WirePush, WsReply } from '../../shared/index.js';
import { PEN_METHODS, unpackWirePush } from '../../shared/index.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> };

/** Methods that may run long on the console (recordings in its worker, up to 120 s; a connect with its handshake). */
const SLOW: Partial<Record<PenMethod, number>> = {
  listRecordings: 130_000, loadRecording: 130_000, exportRecording: 130_000, replayRecording: 130_000, connect: 30_000,
};

/** How long a bridge call waits for its answer (ms): beyond it the call fails with a clear error instead of hanging. */
export function callTimeoutMs(method: PenMethod): number {
  return SLOW[method] ?? 15_000;
}

/** Options of the bridge client (tests shorten the timeouts). */
export interface WsPenApiOptions {
  timeoutMs?: (method: PenMethod) => number;
}

/** Connects to the bridge at this page's origin. */
export function createWsPenApi(loc: Location = window.location, opts: WsPenApiOptions = {}): PenApi {
  const timeoutOf = opts.timeoutMs ?? callTimeoutMs;
  const token = new URLSearchParams(loc.search).get('token') ?? '';
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
  const listeners = new Set<(p: PenPush) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ws: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;
  let lastState: SessionState | null = null;

  function open(): Promise<WebSocket> {
    if (ready) return ready;
    ready = new Promise<WebSocket>((resolve, reject) => {
      const sock = new WebSocket(url);
      sock.onopen = () => {
        ws = sock;
        resolve(sock);
      };
      sock.onerror = () => reject(new Error('The console bridge refused the connection. Open the exact URL the server printed (it carries the token).'));
      sock.onclose = (ev: CloseEvent) => {
        const wasOpen = ws === sock;
        ws = null;
        ready = null;
        // The server went away: show it as a closed link with what to do, rather than freezing on stale values.
        // 1013: the server cut this page off because it stopped reading its messages (see console/server/bridge-client.ts).
        const slow = ev.code === 1013;
        if (wasOpen && lastState) {
          const state: SessionState = {
            ...lastState,
            link: 'closed',
            problem: slow
              ? {
                code: 'BRIDGE_SLOW',
                message: 'This page fell too far behind the console and was disconnected; the console and the pen carry on.',
                advice: 'Reload the page (the busy tab or machine may need a moment).',
              }
              : {
                code: 'BRIDGE',
                message: 'The console server stopped; the pen is no longer controlled from this page.',
                advice: 'Start it again (npm run web) and open the new URL it prints.',
              },
          };
          for (const l of listeners) l({ type: 'state', state });
        }
        for (const p of pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error('The console bridge closed the connection. Is `npm run web` still running?'));
        }
        pending.clear();
      };
      sock.onmessage = (e) => {
        const msg = JSON.parse(String(e.data)) as WsReply | { push: WirePush };
        if ('push' in msg) {
          if (msg.push.type === 'state') lastState = msg.push.state;
          // A telemetry batch reaches listeners as one push per sample, in one task.
          unpackWirePush(msg.push, (p) => {
            for (const l of listeners) l(p);
          });
          return;
        }
        // A reply after its call timed out finds nothing: the caller was already told.
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        clearTimeout(p.timer);
        if ('error' in msg) p.reject(new Error(msg.error));
        else p.resolve(msg.result);
      };
    });
    return ready;
  }

  async function call(method: PenMethod, args: unknown[]): Promise<unknown> {
    const sock = ws ?? (await open());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const ms = timeoutOf(method);
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`The console did not answer ${method} within ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`}: the console server is busy or stuck. `
          + 'Whether the pen carried it out is unknown: check its state before going on, and reload the page if nothing updates.'));
      }, ms);
      pending.set(id, { resolve, reject, timer });
      // JSON turns a trailing undefined into null, which the bridge rightly refuses: drop omitted optionals.
      const list = [...args];
      while (list.length > 0 && list[list.length - 1] === undefined) list.pop();
      sock.send(JSON.stringify({ id, method, args: list }));
    });
  }

  const api: Record<string, unknown> = {
    subscribe(listener: (p: PenPush) => void) {
      listeners.add(listener);
      void open().catch(() => undefined);
      return () => listeners.delete(listener);
    },
  };
  for (const m of PEN_METHODS) api[m] = (...args: unknown[]) => call(m, args);
  return api as unknown as PenApi;
}

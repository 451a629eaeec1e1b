/**
 * PenApi calls from the bench over the bridge, as the page makes them
 * ({"id","method","args"} on /ws with the token and our Origin). The socket is
 * opened for the calls and closed after, so it adds no second push receiver
 * to the server being measured.
 */
import WebSocket from 'ws';

/** Calls `method(...args)` on the console at `url` (the URL its server printed); resolves to the result. */
export async function bridgeCall(url: string, method: string, ...args: unknown[]): Promise<unknown> {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, { origin: `http://${u.host}` });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${method}: no answer within 30 s`)), 30_000);
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: string };
        if (m.id !== 1) return;
        clearTimeout(t);
        if (m.error !== undefined) reject(new Error(`${method}: ${m.error}`));
        else resolve(m.result);
      });
      ws.send(JSON.stringify({ id: 1, method, args }));
    });
  } finally {
    ws.terminate();
  }
}

/** Like bridgeCall for a method returning a CommandResult; throws with its message when it is not ok. */
export async function bridgeCommand(url: string, method: string, ...args: unknown[]): Promise<void> {
  const r = (await bridgeCall(url, method, ...args)) as { ok: boolean; message?: string };
  if (!r.ok) throw new Error(`${method}(${args.map((a) => JSON.stringify(a)).join(', ')}): ${r.message}`);
}

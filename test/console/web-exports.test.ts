/**
 * Exports are downloaded from the browser-mode server, never pushed through
 * the bridge: `/exports/<name>` needs the token like every request, serves
 * only export-named regular files of the recordings folder's exports/ (no
 * traversal, no symbolic link), as an attachment.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../console/server/web-server.js';
import { PenSession } from '../../console/session/index.js';

function get(port: number, path: string): Promise<{ status: number; body: string; disposition?: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, disposition: res.headers['content-disposition'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('export downloads from the browser-mode server', () => {
  let dir: string;
  let server: WebServer;
  let session: PenSession;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-exports-'));
    mkdirSync(join(dir, 'ui'));
    writeFileSync(join(dir, 'ui/index.html'), '<p>ui</p>');
    mkdirSync(join(dir, 'rec/exports'), { recursive: true });
    writeFileSync(join(dir, 'rec/exports/session-a-telemetry.csv'), 'device_time_ms\n1\n');
    writeFileSync(join(dir, 'secret.csv'), 'not served');
    symlinkSync(join(dir, 'secret.csv'), join(dir, 'rec/exports/session-link.csv'));
    session = new PenSession({ recordingsDir: join(dir, 'rec'), listPorts: async () => [] });
    server = await startWebServer({ session, rendererDir: join(dir, 'ui'), port: 0, log: () => undefined });
  });
  afterAll(async () => {
    await server.close();
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves an export with the token, as an attachment; refuses without it, a traversal, a link and other names', async () => {
    const t = `?token=${server.token}`;
    const ok = await get(server.port, `/exports/session-a-telemetry.csv${t}`);
    expect(ok).toMatchObject({ status: 200, body: 'device_time_ms\n1\n', disposition: 'attachment; filename="session-a-telemetry.csv"' });
    expect((await get(server.port, '/exports/session-a-telemetry.csv')).status).toBe(403);
    for (const bad of ['/exports/..%2Fsecret.csv', '/exports/session-link.csv', '/exports/index.html', '/exports/%2E%2E%2F%2E%2E%2Fsecret.csv', '/exports/nope.csv']) {
      const r = await get(server.port, `${bad}${t}`);
      expect(r.status, bad).toBe(404);
      expect(r.body).not.toContain('not served');
    }
  });
});

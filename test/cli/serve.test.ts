import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { createClient, socketPort } from '../../src/shared/rpc';
import { raw } from '../host/http-client';
import { tmpDir } from '../helpers/tmp';
import { exitOf, spawnAtelier, waitForOutput } from './run-cli';

describe('atelier serve (as a process)', () => {
  it('prints a tokened URL, serves the page and RPC on 127.0.0.1, and stops cleanly on SIGTERM', async () => {
    const data = tmpDir();
    const child = spawnAtelier(data, ['serve', '--port', '0']);
    try {
      const m = await waitForOutput(child, /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)/);
      const port = Number(m[1]);
      const token = m[2]!;
      const first = await raw(port, `/?token=${token}`);
      expect(first.status).toBe(302);
      const cookie = String(first.headers['set-cookie']).split(';')[0]!;
      const page = await raw(port, '/', { headers: { Cookie: cookie, Accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect((await raw(port, '/', { headers: { Accept: 'text/html' } })).status).toBe(401);

      const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc`, { headers: { Cookie: cookie, Origin: `http://127.0.0.1:${port}` } });
      await new Promise((r) => ws.once('open', r));
      const client = createClient(socketPort(ws));
      const info = await client.call('system.info', {});
      expect(info).toMatchObject({ host: 'headless', dataDir: data });
      await client.call('datasets.create', { name: 'Made over WS' });
      client.close();

      child.kill('SIGTERM');
      expect(await exitOf(child)).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a bad --port', async () => {
    const child = spawnAtelier(tmpDir(), ['serve', '--port', 'http']);
    expect(await exitOf(child)).toBe(2);
  });
});

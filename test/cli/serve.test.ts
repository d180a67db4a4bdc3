import Database from 'better-sqlite3';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { createClient, socketPort } from '../../src/shared/rpc';
import { raw } from '../host/http-client';
import { tmpDir } from '../helpers/tmp';
import { uniqueJpegs } from './pictures';
import { atelier, exitOf, spawnAtelier, waitForOutput } from './run-cli';

const URL_RE = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)/;

describe('atelier serve (as a process)', () => {
  it('prints a tokened URL, serves the page and RPC on 127.0.0.1, and stops cleanly on SIGTERM', async () => {
    const data = tmpDir();
    const child = spawnAtelier(data, ['serve', '--port', '0']);
    try {
      const m = await waitForOutput(child, URL_RE);
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

  it('on SIGINT leaves a running import interrupted, and the next start finishes it, each file once', async () => {
    const data = tmpDir();
    const src = tmpDir();
    const N = 200;
    uniqueJpegs(src, N);
    const child = spawnAtelier(data, ['serve']);
    try {
      const [, port, token] = await waitForOutput(child, URL_RE);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc`, { headers: { Authorization: `Bearer ${token}` } });
      await new Promise((r) => ws.once('open', r));
      const client = createClient(socketPort(ws));
      const ds = await client.call('datasets.create', { name: 'Busy' });
      const started = new Promise<void>((resolve) =>
        client.on('job.updated', (j) => {
          if (j.status === 'running' && j.done > 0) resolve();
        }),
      );
      await client.call('import.start', { datasetId: ds.id, paths: [src] });
      await started;
      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
      const db = new Database(join(data, 'atelier.db'), { readonly: true });
      const job = db.prepare('SELECT status, done, total FROM jobs').get() as { status: string; done: number; total: number };
      db.close();
      expect(job.status).toBe('interrupted');
      expect(job.done).toBeLessThan(N);
    } finally {
      child.kill('SIGKILL');
    }
    const again = await atelier(data, ['import', src, '--dataset', 'Busy', '--json']);
    expect(again.code).toBe(0);
    const out = JSON.parse(again.stdout) as { dataset: { itemCount: number }; jobs: { status: string; result: Record<string, number> }[] };
    // The same import again is the interrupted job, continued.
    expect(out.jobs.map((j) => j.status)).toEqual(['done']);
    expect(out.jobs[0]!.result).toMatchObject({ pictures: N, ready: N, duplicates: 0 });
    expect(out.dataset.itemCount).toBe(N);
  });

  it('refuses a bad --port', async () => {
    const child = spawnAtelier(tmpDir(), ['serve', '--port', 'http']);
    expect(await exitOf(child)).toBe(2);
  });
});

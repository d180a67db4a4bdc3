import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { parseMediaPath } from '../../src/core/media';
import { connectHeadless, electronMediaUrls, httpMediaUrls, type OpeningSocket } from '../../src/renderer/transport';
import { AppError } from '../../src/shared/errors';
import { startFixtureHost, type HostFixture } from '../host/fixture-host';
import { FIXTURES, tmpDir } from '../helpers/tmp';

/** The page's connector as a signed-in browser tab would use it: cookie on the socket and on every fetch. */
function pageConnection(f: HostFixture) {
  const cookie = f.auth.Cookie!;
  const fetchWithCookie: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Cookie: cookie } });
  return connectHeadless({
    baseUrl: `http://127.0.0.1:${f.host.port}`,
    openSocket: (url) => new WebSocket(url, { headers: { Cookie: cookie } }) as unknown as OpeningSocket,
    fetch: fetchWithCookie,
  });
}

describe('renderer transport', () => {
  it('builds media addresses that the core guard parses back', () => {
    const sha = 'e'.repeat(64);
    const http = httpMediaUrls('http://127.0.0.1:9');
    expect(http.renditionUrl(sha, 'preview')).toBe(`http://127.0.0.1:9/media/rendition/${sha}/preview`);
    expect(http.originalUrl(7)).toBe('http://127.0.0.1:9/media/original/7');
    const el = electronMediaUrls();
    const u = new URL(el.renditionUrl(sha, 'medium'));
    expect(u.protocol).toBe('atelier-media:');
    expect(parseMediaPath(u.pathname)).toEqual({ type: 'rendition', sha256: sha, kind: 'medium' });
    expect(parseMediaPath(new URL(el.originalUrl(7)).pathname)).toEqual({ type: 'original', itemId: 7 });
  });

  it('fails with a readable NETWORK error when the host is gone', async () => {
    const f = await startFixtureHost();
    await f.host.close();
    const err = await pageConnection(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('NETWORK');
  });

  it('loads media through the host with the page cookie', async () => {
    const f = await startFixtureHost();
    const root = tmpDir();
    copyFileSync(join(FIXTURES, 'anime', 'renpy_lucy_mad.png'), join(root, 'lucy.png'));
    const ds = f.app.datasets.create('D', 'image');
    const rootId = f.app.datasets.addRoot(ds.id, root, 'linked', false);
    const id = Number(f.app.db.prepare('INSERT INTO items (dataset_id, root_id, rel_path, abs_path) VALUES (?, ?, ?, ?)').run(ds.id, rootId, 'lucy.png', join(root, 'lucy.png')).lastInsertRowid);
    const conn = await pageConnection(f);
    expect(conn.host).toBe('headless');
    const res = await fetch(conn.originalUrl(id), { headers: { Cookie: f.auth.Cookie! } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(root, 'lucy.png')))).toBe(true);
    conn.client.close();
  });

  it('uploads files with progress and turns host errors into AppErrors', async () => {
    const f = await startFixtureHost();
    const ds = f.app.datasets.create('Dropped', 'image');
    const conn = await pageConnection(f);
    const a = readFileSync(join(FIXTURES, 'faces', 'mpl_grace_hopper.jpg'));
    const b = readFileSync(join(FIXTURES, 'anime', 'renpy_eileen_happy.png'));
    const progress: [number, number][] = [];
    const files = [
      { file: new Blob([a]), relPath: 'drop/grace.jpg' },
      { file: new Blob([b]), relPath: 'drop/eileen.png' },
    ];
    const { jobId } = await conn.uploadFiles!(ds.id, files as never, (s, t) => progress.push([s, t]));
    expect(progress[0]).toEqual([0, a.length + b.length]);
    expect(progress.at(-1)).toEqual([a.length + b.length, a.length + b.length]);
    expect((await f.app.jobs.wait(jobId)).status).toBe('done');
    expect(f.app.items.list(ds.id, { status: 'ready' }, 'name', false, 0, 10).total).toBe(2);

    const bad = await conn.uploadFiles!(ds.id, [{ file: new Blob([a]), relPath: '../../escape.jpg' }] as never).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).code).toBe('INVALID_INPUT');
    const missing = await conn.uploadFiles!(999, [{ file: new Blob([a]), relPath: 'x.jpg' }] as never).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('NOT_FOUND');
    conn.client.close();
  });
});

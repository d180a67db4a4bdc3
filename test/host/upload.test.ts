import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PATH_HEADER, uploadDir } from '../../src/host';
import { FIXTURES } from '../helpers/tmp';
import { startFixtureHost, type HostFixture } from './fixture-host';
import { raw } from './http-client';

function upload(f: HostFixture, datasetId: number, batch: string, relPath: string, body: Buffer, extra: Record<string, string> = {}) {
  return raw(f.host.port, `/upload?dataset=${datasetId}&batch=${batch}`, {
    method: 'POST',
    headers: { ...f.auth, [UPLOAD_PATH_HEADER]: encodeURIComponent(relPath), 'Content-Type': 'application/octet-stream', ...extra },
    body,
  });
}

function commit(f: HostFixture, body: unknown, extra: Record<string, string> = {}) {
  return raw(f.host.port, '/upload/commit', {
    method: 'POST',
    headers: { ...f.auth, 'Content-Type': 'application/json', ...extra },
    body: JSON.stringify(body),
  });
}

/** Every file under a folder, relative, sorted. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('browser uploads', () => {
  it('streams files into the dataset library under their sanitised relative paths', async () => {
    const f = await startFixtureHost();
    const ds = f.app.datasets.create('Drop', 'image');
    const a = readFileSync(join(FIXTURES, 'faces', 'mpl_grace_hopper.jpg'));
    const b = readFileSync(join(FIXTURES, 'anime', 'renpy_lucy_mad.png'));
    const r1 = await upload(f, ds.id, 'batch-1', 'My Folder/faces/grace hopper.jpg', a);
    expect(r1.status).toBe(200);
    expect(JSON.parse(r1.body.toString())).toEqual({ path: 'My Folder/faces/grace hopper.jpg', bytes: a.length });
    expect((await upload(f, ds.id, 'batch-1', 'My Folder\\anime\\lucy:mad.png', b)).status).toBe(200);
    const dir = uploadDir(f.dataDir, ds.id, 'batch-1');
    expect(listFiles(dir)).toEqual(['My Folder/anime/lucy_mad.png', 'My Folder/faces/grace hopper.jpg']);
    expect(readFileSync(join(dir, 'My Folder/faces/grace hopper.jpg')).equals(a)).toBe(true);
  });

  it('refuses paths that climb out, bad batch ids, unknown datasets, missing tokens and foreign origins', async () => {
    const f = await startFixtureHost();
    const ds = f.app.datasets.create('Drop', 'image');
    const body = Buffer.from('not really a picture');
    for (const p of ['../../../escape.jpg', 'a/../../escape.jpg', '', '/', 'x\0.jpg']) {
      const r = await upload(f, ds.id, 'b1', p, body);
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body.toString()).error.code).toBe('INVALID_INPUT');
    }
    expect((await upload(f, ds.id, '../b', 'x.jpg', body)).status).toBe(400);
    expect((await upload(f, ds.id, 'b/c', 'x.jpg', body)).status).toBe(400);
    expect((await upload(f, 999, 'b1', 'x.jpg', body)).status).toBe(404);
    expect((await upload(f, ds.id, 'b1', 'x.jpg', body, { Cookie: '' })).status).toBe(401);
    expect((await upload(f, ds.id, 'b1', 'x.jpg', body, { Origin: 'https://attacker.example' })).status).toBe(403);
    expect(listFiles(f.dataDir).filter((p) => !p.startsWith('atelier.db'))).toEqual([]);
  });

  it('rejects a commit of an empty or unknown batch and malformed commit bodies', async () => {
    const f = await startFixtureHost();
    const ds = f.app.datasets.create('Drop', 'image');
    expect((await commit(f, { datasetId: ds.id, batch: 'nothing' })).status).toBe(404);
    expect((await commit(f, { datasetId: ds.id, batch: '../..' })).status).toBe(400);
    expect((await commit(f, { nope: 1 })).status).toBe(400);
    const bad = await raw(f.host.port, '/upload/commit', { method: 'POST', headers: f.auth, body: '{' });
    expect(bad.status).toBe(400);
  });

  it('imports a committed batch as one job whose items are the uploaded files', async () => {
    const f = await startFixtureHost();
    const ds = f.app.datasets.create('Drop', 'image');
    const names = ['mpl_grace_hopper.jpg', 'skimage_astronaut.png'];
    for (const n of names) expect((await upload(f, ds.id, 'b2', `picked/${n}`, readFileSync(join(FIXTURES, 'faces', n)))).status).toBe(200);
    const r = await commit(f, { datasetId: ds.id, batch: 'b2' });
    expect(r.status).toBe(200);
    const { jobId } = JSON.parse(r.body.toString()) as { jobId: number };
    const job = await f.app.jobs.wait(jobId);
    expect(job.status).toBe('done');
    const items = f.app.items.list(ds.id, { status: 'all' }, 'name', false, 0, 100).items;
    expect(items.map((i) => i.absPath.split('/').pop()).sort()).toEqual(names);
    expect(items.every((i) => i.status === 'ready')).toBe(true);
  });
});

import { copyFileSync, mkdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Atelier } from '../../src/core/app';
import { startImport } from '../../src/core/ingest';
import { FIXTURES, tmpDir } from '../helpers/tmp';
import { startFixtureHost } from './fixture-host';
import { raw } from './http-client';

const PHOTO = join(FIXTURES, 'faces', 'mpl_grace_hopper.jpg');
const SHA = 'b'.repeat(64);

/** A linked dataset root holding a real picture, its item row, and a rendition in the data dir. */
function seed(app: Atelier, dataDir: string) {
  const root = tmpDir();
  copyFileSync(PHOTO, join(root, 'grace.jpg'));
  const ds = app.datasets.create('Faces', 'image');
  const rootId = app.datasets.addRoot(ds.id, root, 'linked', false);
  const insert = app.db.prepare('INSERT INTO items (dataset_id, root_id, rel_path, abs_path, status) VALUES (?, ?, ?, ?, ?)');
  const addItem = (rel: string, abs: string) => Number(insert.run(ds.id, rootId, rel, abs, 'ready').lastInsertRowid);
  mkdirSync(join(dataDir, 'renditions'), { recursive: true });
  writeFileSync(join(dataDir, 'renditions', `${SHA}-preview.webp`), 'RIFF....WEBPVP8 fake');
  app.db.prepare('INSERT INTO renditions (sha256, kind, path, width, height) VALUES (?, ?, ?, 1, 1)').run(SHA, 'preview', `renditions/${SHA}-preview.webp`);
  return { root, datasetId: ds.id, addItem, grace: addItem('grace.jpg', join(root, 'grace.jpg')) };
}

describe('/media through the one path guard', () => {
  it('serves originals and renditions with types, ETag, HEAD and byte ranges', async () => {
    const { app, host, auth, dataDir } = await startFixtureHost();
    const { grace } = seed(app, dataDir);
    const bytes = readFileSync(PHOTO);

    const full = await raw(host.port, `/media/original/${grace}`, { headers: auth });
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('image/jpeg');
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(full.body.equals(bytes)).toBe(true);

    const part = await raw(host.port, `/media/original/${grace}`, { headers: { ...auth, Range: 'bytes=100-1123' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1123/${bytes.length}`);
    expect(part.body.equals(bytes.subarray(100, 1124))).toBe(true);
    const tail = await raw(host.port, `/media/original/${grace}`, { headers: { ...auth, Range: 'bytes=-10' } });
    expect(tail.body.equals(bytes.subarray(bytes.length - 10))).toBe(true);
    expect((await raw(host.port, `/media/original/${grace}`, { headers: { ...auth, Range: `bytes=${bytes.length}-` } })).status).toBe(416);

    const head = await raw(host.port, `/media/original/${grace}`, { method: 'HEAD', headers: auth });
    expect(head.headers['content-length']).toBe(String(bytes.length));
    expect(head.body.length).toBe(0);
    const again = await raw(host.port, `/media/original/${grace}`, { headers: { ...auth, 'If-None-Match': String(full.headers.etag) } });
    expect(again.status).toBe(304);

    const rend = await raw(host.port, `/media/rendition/${SHA}/preview`, { headers: auth });
    expect(rend.status).toBe(200);
    expect(rend.headers['content-type']).toBe('image/webp');
    expect(rend.headers['cache-control']).toContain('immutable');
    expect((await raw(host.port, `/media/rendition/${SHA}/medium`, { headers: auth })).status).toBe(404);
  });

  it('needs the token', async () => {
    const { app, host, dataDir } = await startFixtureHost();
    const { grace } = seed(app, dataDir);
    expect((await raw(host.port, `/media/original/${grace}`)).status).toBe(401);
  });

  it('refuses traversal in the address: ../, encoded, NUL, absolute paths, odd segments', async () => {
    const { app, host, auth, dataDir } = await startFixtureHost();
    seed(app, dataDir);
    for (const p of [
      '/media/original/../../../../etc/passwd',
      '/media/original/..%2f..%2f..%2fetc%2fpasswd',
      '/media/original/%2e%2e/%2e%2e/etc/passwd',
      '/media/original/1%00',
      '/media/original//etc/passwd',
      '/media/original/%2fetc%2fpasswd',
      `/media/rendition/${SHA}/../../../etc/passwd`,
      `/media/rendition/..%2f..%2f${SHA}/preview`,
      '/media/rendition/%2e%2e/preview',
      '/media/../../etc/passwd',
      '/media/original/1.jpg',
    ]) {
      const r = await raw(host.port, p, { headers: auth });
      expect(r.status, p).not.toBe(200);
      expect(r.body.toString(), p).not.toMatch(/root:/);
    }
  });

  it('refuses store paths that escape the dataset roots and the data dir: absolute, symlink, relative', async () => {
    const { app, host, auth, dataDir } = await startFixtureHost();
    const { root, addItem } = seed(app, dataDir);
    const outside = join(tmpDir(), 'secret.jpg');
    copyFileSync(PHOTO, outside);

    const absolute = addItem('abs.jpg', outside);
    const r1 = await raw(host.port, `/media/original/${absolute}`, { headers: auth });
    expect(r1.status).toBe(403);
    expect(r1.body.toString()).not.toContain(outside);

    symlinkSync(outside, join(root, 'link.jpg'));
    const linked = addItem('link.jpg', join(root, 'link.jpg'));
    expect((await raw(host.port, `/media/original/${linked}`, { headers: auth })).status).toBe(403);

    mkdirSync(join(root, 'sub'));
    const dotted = addItem('sub/../../x.jpg', join(root, 'sub', '..', '..', 'secret.jpg'));
    expect((await raw(host.port, `/media/original/${dotted}`, { headers: auth })).status).not.toBe(200);

    const evilSha = 'c'.repeat(64);
    app.db.prepare('INSERT INTO renditions (sha256, kind, path, width, height) VALUES (?, ?, ?, 1, 1)').run(evilSha, 'preview', outside);
    expect((await raw(host.port, `/media/rendition/${evilSha}/preview`, { headers: auth })).status).not.toBe(200);
    const linkSha = 'f'.repeat(64);
    symlinkSync(outside, join(dataDir, 'renditions', 'escape.jpg'));
    app.db.prepare('INSERT INTO renditions (sha256, kind, path, width, height) VALUES (?, ?, ?, 1, 1)').run(linkSha, 'preview', 'renditions/escape.jpg');
    expect((await raw(host.port, `/media/rendition/${linkSha}/preview`, { headers: auth })).status).toBe(403);
    const relSha = 'd'.repeat(64);
    app.db.prepare('INSERT INTO renditions (sha256, kind, path, width, height) VALUES (?, ?, ?, 1, 1)').run(relSha, 'preview', `../..${outside}`);
    expect((await raw(host.port, `/media/rendition/${relSha}/preview`, { headers: auth })).status).not.toBe(200);

    // Inside a root but missing on disk: 404, and a folder is not a file.
    expect((await raw(host.port, `/media/original/${addItem('gone.jpg', join(root, 'gone.jpg'))}`, { headers: auth })).status).toBe(404);
    expect((await raw(host.port, `/media/original/${addItem('sub', join(root, 'sub'))}`, { headers: auth })).status).toBe(404);
    expect((await raw(host.port, '/media/original/99999', { headers: auth })).status).toBe(404);
  });

  it('serves pictures a linked folder reaches through links elsewhere, only while they are the files imported', async () => {
    const { app, host, auth } = await startFixtureHost();
    const elsewhere = tmpDir();
    mkdirSync(join(elsewhere, 'trip'));
    copyFileSync(PHOTO, join(elsewhere, 'trip', 'grace.jpg'));
    copyFileSync(join(FIXTURES, 'anime', 'renpy_lucy_mad.png'), join(elsewhere, 'lucy.png'));
    writeFileSync(join(elsewhere, 'secret.txt'), 'not a picture of the dataset');
    const root = tmpDir();
    symlinkSync(join(elsewhere, 'trip'), join(root, 'trip'));
    symlinkSync(join(elsewhere, 'lucy.png'), join(root, 'lucy.png'));
    const ds = app.datasets.create('Links', 'image');
    expect((await app.jobs.wait(startImport(app, { datasetId: ds.id, paths: [root], watch: false }).id)).status).toBe('done');
    const items = app.items.list(ds.id, { status: 'all' }, 'name', false, 0, 10).items;
    expect(items.map((i) => [i.relPath, i.status])).toEqual([['lucy.png', 'ready'], ['trip/grace.jpg', 'ready']]);

    for (const i of items) {
      const r = await raw(host.port, `/media/original/${i.id}`, { headers: auth });
      expect(r.status, i.relPath).toBe(200);
      expect(r.body.equals(readFileSync(i.absPath)), i.relPath).toBe(true);
    }
    // The link now leads somewhere else: not the picture that was imported, so not served.
    const lucy = items[0]!;
    unlinkSync(join(root, 'lucy.png'));
    symlinkSync(join(elsewhere, 'secret.txt'), join(root, 'lucy.png'));
    const swapped = await raw(host.port, `/media/original/${lucy.id}`, { headers: auth });
    expect(swapped.status).toBe(403);
    expect(swapped.body.toString()).not.toContain('not a picture');
    // Nor is an item that is not a ready picture, or one whose stored path climbs out of the folder.
    app.db.prepare(`UPDATE items SET status = 'error' WHERE id = ?`).run(items[1]!.id);
    expect((await raw(host.port, `/media/original/${items[1]!.id}`, { headers: auth })).status).toBe(403);
    const grace = statSync(join(elsewhere, 'trip', 'grace.jpg'));
    const climbing = app.db
      .prepare(`INSERT INTO items (dataset_id, root_id, rel_path, abs_path, status, byte_size, mtime_ms) VALUES (?, ?, 'x.jpg', ?, 'ready', ?, ?) RETURNING id`)
      .pluck()
      .get(ds.id, app.datasets.get(ds.id).roots[0]!.id, `${root}/trip/../../${basename(elsewhere)}/trip/grace.jpg`, grace.size, grace.mtimeMs) as number;
    expect((await raw(host.port, `/media/original/${climbing}`, { headers: auth })).status).toBe(403);
  });

  it('serves library copies under the data dir', async () => {
    const { app, host, auth, dataDir } = await startFixtureHost();
    const { addItem } = seed(app, dataDir);
    mkdirSync(join(dataDir, 'library', '1'), { recursive: true });
    copyFileSync(PHOTO, join(dataDir, 'library', '1', 'copy.jpg'));
    const id = addItem('copy.jpg', join(dataDir, 'library', '1', 'copy.jpg'));
    expect((await raw(host.port, `/media/original/${id}`, { headers: auth })).status).toBe(200);
  });
});

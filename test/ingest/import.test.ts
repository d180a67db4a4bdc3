import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startImport } from '../../src/core/ingest';
import { getRenditions } from '../../src/core/media';
import { FIXTURES, tmpDir } from '../helpers/tmp';
import { allItems, importAndWait, jobErrors, makePicture, makeZip, openCore } from './helpers';

const fixture = (p: string) => join(FIXTURES, p);

describe('import', () => {
  it('references a folder in place: every picture becomes a ready item with its size and renditions', async () => {
    const app = openCore(tmpDir());
    try {
      const ds = app.datasets.create('fixtures', 'image');
      const started = Date.now();
      let firstItems = 0;
      app.bus.subscribe('dataset.changed', (e) => {
        if (e.change === 'items' && e.itemIds?.length && !firstItems) firstItems = Date.now();
      });
      const job = await importAndWait(app, { datasetId: ds.id, paths: [FIXTURES] });
      expect(job.status).toBe('done');
      expect(job.result).toEqual({ pictures: 26, ready: 26, unchanged: 0, failed: 0, duplicates: 0, skipped: 0 });
      expect(firstItems).toBeGreaterThan(0);
      expect(firstItems).toBeLessThan(Date.parse(job.finishedAt!)); // items show up while the import runs
      console.log(`first items event after ${firstItems - started} ms; 26 fixtures in ${Date.now() - started} ms`);

      const items = allItems(app, ds.id);
      expect(items).toHaveLength(26);
      expect(items.every((i) => i.status === 'ready')).toBe(true);
      const hopper = items.find((i) => i.relPath === 'faces/mpl_grace_hopper.jpg')!;
      expect(hopper).toMatchObject({ width: 512, height: 600, format: 'jpeg', absPath: join(realpathSync(FIXTURES), 'faces/mpl_grace_hopper.jpg') });
      const eileen = items.find((i) => i.relPath === 'anime/renpy_eileen_happy.png')!;
      expect(eileen).toMatchObject({ width: 320, height: 720, format: 'png', sha256: '536f034b266f735c23a6dba1267d0e5e25f1bb86f26788919b98bf55730288b1' });
      for (const i of items) expect(getRenditions(app.db, i.sha256!)).toHaveLength(2);
      expect(app.datasets.get(ds.id).roots).toEqual([{ id: expect.any(Number), path: realpathSync(FIXTURES), mode: 'linked', watch: true }]);

      // Importing the same folder again finds nothing new to do.
      const again = await importAndWait(app, { datasetId: ds.id, paths: [FIXTURES] });
      expect(again.result).toMatchObject({ pictures: 26, unchanged: 26, ready: 0 });
      expect(allItems(app, ds.id)).toHaveLength(26);
    } finally {
      await app.close();
    }
  });

  it('copies pictures and zip archives into the library, skipping junk and importing sidecar captions', async () => {
    const dataDir = tmpDir();
    const src = tmpDir();
    const jpg = readFileSync(fixture('faces/vladfaceapi_sample1.jpg'));
    const zipPath = join(src, 'pack.zip');
    await makeZip(zipPath, [
      { name: 'set/a.jpg', data: jpg },
      { name: 'set/a.txt', data: Buffer.from('\uFEFFa woman smiling, outdoors\n') },
      { name: 'set/sub/b.png', data: readFileSync(fixture('anime/renpy_lucy_mad.png')) },
      { name: '__MACOSX/set/._a.jpg', data: Buffer.from('resource fork') },
      { name: 'set/.DS_Store', data: Buffer.from('junk') },
      { name: 'set/Thumbs.db', data: Buffer.from('junk') },
      { name: 'readme.md', data: Buffer.from('# about') },
    ]);
    copyFileSync(fixture('faces/mpl_grace_hopper.jpg'), join(src, 'single photo.jpg'));
    writeFileSync(join(src, 'single photo.caption'), 'grace hopper portrait');
    const app = openCore(dataDir);
    try {
      const ds = app.datasets.create('copied', 'image');
      const job = await importAndWait(app, { datasetId: ds.id, paths: [zipPath, join(src, 'single photo.jpg')] });
      expect(job.status).toBe('done');
      const lib = join(dataDir, 'library', String(ds.id));
      const items = allItems(app, ds.id);
      expect(items.map((i) => [i.relPath, i.status, i.caption])).toEqual([
        ['pack/set/a.jpg', 'ready', 'a woman smiling, outdoors'],
        ['pack/set/sub/b.png', 'ready', null],
        ['single photo.jpg', 'ready', 'grace hopper portrait'],
      ]);
      for (const i of items) {
        expect(i.absPath.startsWith(lib)).toBe(true);
        expect(existsSync(i.absPath)).toBe(true);
      }
      expect(readFileSync(join(lib, 'pack/set/a.jpg')).equals(jpg)).toBe(true);
      expect(app.items.get(items[0]!.id).captionSource).toBe('import');
      expect(jobErrors(app, job.id)).toEqual([{ path: join(zipPath, 'readme.md'), code: 'NOT_A_PICTURE', message: expect.stringContaining('.md') }]);
      expect(app.datasets.get(ds.id).roots).toEqual([{ id: expect.any(Number), path: lib, mode: 'library', watch: false }]);
      expect(existsSync(zipPath)).toBe(true); // sources are never touched
    } finally {
      await app.close();
    }
  });

  it('copies a folder when asked, and a sidecar never replaces a caption written by hand', async () => {
    const dataDir = tmpDir();
    const src = join(tmpDir(), 'shoot');
    await makePicture(join(src, 'p1.jpg'), 300, 200, { seed: 1 });
    await makePicture(join(src, 'p2.jpg'), 300, 200, { seed: 2 });
    writeFileSync(join(src, 'p1.txt'), 'from txt');
    writeFileSync(join(src, 'p1.caption'), 'from caption');
    writeFileSync(join(src, 'p2.caption'), 'second');
    const app = openCore(dataDir);
    try {
      const ds = app.datasets.create('c', 'image');
      await importAndWait(app, { datasetId: ds.id, paths: [src], copy: true });
      let items = allItems(app, ds.id);
      expect(items.map((i) => [i.relPath, i.caption])).toEqual([['shoot/p1.jpg', 'from txt'], ['shoot/p2.jpg', 'second']]);
      expect(items[0]!.absPath).toBe(join(dataDir, 'library', String(ds.id), 'shoot', 'p1.jpg'));

      // Linked import of the same folder: new items (other paths) whose content duplicates the copies.
      app.items.setCaption(items[0]!.id, 'my own words');
      writeFileSync(join(src, 'p1.txt'), 'changed on disk');
      const again = await importAndWait(app, { datasetId: ds.id, paths: [src] });
      expect(again.result).toMatchObject({ duplicates: 2 });
      items = allItems(app, ds.id);
      expect(items.map((i) => i.caption)).toEqual(['my own words', 'second']);
    } finally {
      await app.close();
    }
  });

  it('reports exact duplicates once, naming the kept file, and imports them only once', async () => {
    const dataDir = tmpDir();
    const src = tmpDir();
    copyFileSync(fixture('faces/vladfaceapi_sample2.jpg'), join(src, 'a.jpg'));
    copyFileSync(fixture('faces/vladfaceapi_sample2.jpg'), join(src, 'b copy.jpg'));
    mkdirSync(join(src, 'sub'));
    copyFileSync(fixture('faces/vladfaceapi_sample2.jpg'), join(src, 'sub', 'c.jpg'));
    copyFileSync(fixture('faces/vladfaceapi_sample3.jpg'), join(src, 'sub', 'd.jpg'));
    const app = openCore(dataDir);
    try {
      const ds = app.datasets.create('dups', 'image');
      const job = await importAndWait(app, { datasetId: ds.id, paths: [src] });
      expect(job.result).toMatchObject({ pictures: 4, ready: 2, duplicates: 2 });
      expect(allItems(app, ds.id).map((i) => i.relPath)).toEqual(['a.jpg', 'sub/d.jpg']);
      const errors = jobErrors(app, job.id);
      expect(errors.map((e) => [e.path, e.code])).toEqual([
        [join(src, 'b copy.jpg'), 'DUPLICATE'],
        [join(src, 'sub', 'c.jpg'), 'DUPLICATE'],
      ]);
      for (const e of errors) expect(e.message).toContain('"a.jpg"');

      // Copies of duplicates do not stay in the library.
      const copied = await importAndWait(app, { datasetId: ds.id, paths: [join(src, 'sub')], copy: true });
      expect(copied.result).toMatchObject({ pictures: 2, duplicates: 2 });
      const lib = join(dataDir, 'library', String(ds.id));
      expect(readdirSync(lib, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())).toEqual([]);
      expect(allItems(app, ds.id)).toHaveLength(2);
    } finally {
      await app.close();
    }
  });
});

describe('import.start', () => {
  it('queues a job through the contract, and refuses paths that do not exist or unknown datasets', async () => {
    const app = openCore(tmpDir());
    const client = app.connect();
    try {
      const ds = app.datasets.create('api', 'image');
      const missing = await client.call('import.start', { datasetId: ds.id, paths: [join(FIXTURES, 'no-such-folder')] }).catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-folder') });
      const unknown = await client.call('import.start', { datasetId: 999, paths: [FIXTURES] }).catch((e: unknown) => e);
      expect(unknown).toMatchObject({ code: 'NOT_FOUND' });
      const { jobId } = await client.call('import.start', { datasetId: ds.id, paths: [join(FIXTURES, 'negatives')], watch: false });
      const job = await app.jobs.wait(jobId);
      expect(job).toMatchObject({ kind: 'import', status: 'done', datasetId: ds.id, done: 2, total: 2 });
      expect(app.datasets.get(ds.id).roots[0]).toMatchObject({ mode: 'linked', watch: false });
    } finally {
      client.close();
      await app.close();
    }
  });

  it('joins an identical import still to finish instead of queueing a second one; another import is a new job', async () => {
    const app = openCore(tmpDir(), { startJobs: false }); // nothing runs: the first job stays queued
    try {
      const ds = app.datasets.create('again', 'image');
      const src = join(FIXTURES, 'negatives');
      const first = startImport(app, { datasetId: ds.id, paths: [src], copy: true });
      expect(startImport(app, { datasetId: ds.id, paths: [src], copy: true }).id).toBe(first.id);
      expect(startImport(app, { datasetId: ds.id, paths: [src] }).id).not.toBe(first.id);
      expect(startImport(app, { datasetId: ds.id, paths: [src, join(FIXTURES, 'anime')], copy: true }).id).not.toBe(first.id);
      app.jobs.cancel(first.id);
      expect(startImport(app, { datasetId: ds.id, paths: [src], copy: true }).id).not.toBe(first.id);
    } finally {
      await app.close();
    }
  });
});

describe('cancel and resume', () => {
  let src: string;
  const N = 48;
  beforeAll(async () => {
    src = join(tmpDir('atelier-many-'), 'many pictures');
    for (let i = 0; i < N; i++) await makePicture(join(src, `sub${i % 3}`, `pic_${String(i).padStart(3, '0')}.jpg`), 900, 600, { seed: i });
  });

  it('cancels: the job stops early, ends cancelled and keeps what it finished', async () => {
    const app = openCore(tmpDir());
    try {
      const ds = app.datasets.create('cancel', 'image');
      const job = startImport(app, { datasetId: ds.id, paths: [src], copy: true });
      await new Promise<void>((resolve) => app.bus.subscribe('dataset.changed', (e) => e.change === 'items' && resolve()));
      app.jobs.cancel(job.id);
      const end = await app.jobs.wait(job.id);
      expect(end.status).toBe('cancelled');
      const items = allItems(app, ds.id);
      expect(items.length).toBeGreaterThan(0);
      expect(items.length).toBeLessThan(N);
      expect(items.every((i) => i.status === 'ready')).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('resumes after a restart where it stopped: every file exactly once, finished ones not redone', async () => {
    const dataDir = tmpDir();
    let app = openCore(dataDir);
    const ds = app.datasets.create('resume', 'image');
    const job = startImport(app, { datasetId: ds.id, paths: [src], copy: true });
    await new Promise<void>((resolve) => {
      let seen = 0;
      app.bus.subscribe('dataset.changed', (e) => {
        seen += e.itemIds?.length ?? 0;
        if (seen >= 5) resolve();
      });
    });
    await app.close(); // quits mid-import: the job is left interrupted
    const before = await itemsOnDisk(dataDir, ds.id);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(N);

    app = openCore(dataDir);
    try {
      const end = await app.jobs.wait(job.id);
      expect(end.status).toBe('done');
      expect(end.result).toMatchObject({ pictures: N, ready: N, duplicates: 0 });
      const items = allItems(app, ds.id);
      expect(items).toHaveLength(N);
      expect(new Set(items.map((i) => i.relPath)).size).toBe(N);
      expect(new Set(items.map((i) => i.sha256)).size).toBe(N);
      for (const b of before) {
        const now = app.db.prepare('SELECT id, updated_at FROM items WHERE id = ?').get(b.id);
        expect(now).toEqual(b); // written once, before the restart
      }
      const lib = join(dataDir, 'library', String(ds.id), 'many pictures');
      expect(readdirSync(lib, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())).toHaveLength(N);
      expect(app.db.prepare('SELECT COUNT(*) FROM import_entries').pluck().get()).toBe(0);
      expect(jobErrors(app, job.id)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

/** The items in a closed data folder, read without starting its jobs. */
async function itemsOnDisk(dataDir: string, datasetId: number): Promise<{ id: number; updated_at: string }[]> {
  const app = openCore(dataDir, { startJobs: false });
  try {
    return app.db.prepare('SELECT id, updated_at FROM items WHERE dataset_id = ? ORDER BY id').all(datasetId) as { id: number; updated_at: string }[];
  } finally {
    await app.close();
  }
}

import { readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchedRoots, watchersReady } from '../../src/core/ingest';
import { resolveMedia } from '../../src/core/media';
import type { Atelier } from '../../src/core/app';
import { tmpDir } from '../helpers/tmp';
import { allItems, importAndWait, jobErrors, makePicture, openCore, until } from './helpers';

function item(app: Atelier, datasetId: number, relPath: string) {
  const row = app.db.prepare('SELECT id FROM items WHERE dataset_id = ? AND rel_path = ?').pluck().get(datasetId, relPath) as number | undefined;
  return row === undefined ? null : app.items.get(row);
}

describe('watched folders', () => {
  it('follow added, changed, renamed and removed files, sidecar edits, and what changed while closed', async () => {
    const dataDir = tmpDir();
    const folder = join(tmpDir(), 'watched');
    await makePicture(join(folder, 'a.jpg'), 400, 300, { seed: 1 });
    await makePicture(join(folder, 'b.jpg'), 400, 300, { seed: 2 });
    let app = openCore(dataDir, { watch: true });
    const ds = app.datasets.create('live', 'image');
    try {
      await importAndWait(app, { datasetId: ds.id, paths: [folder] });
      expect(watchedRoots(app)).toHaveLength(1);
      await watchersReady(app);
      const changed: number[] = [];
      app.bus.subscribe('dataset.changed', (e) => changed.push(...(e.itemIds ?? [])));

      await makePicture(join(folder, 'c.jpg'), 500, 250, { seed: 3 });
      await until(() => item(app, ds.id, 'c.jpg')?.status === 'ready', 15_000, 'c.jpg to be added');
      expect(item(app, ds.id, 'c.jpg')).toMatchObject({ width: 500, height: 250 });
      expect(changed).toContain(item(app, ds.id, 'c.jpg')!.id);

      const a = item(app, ds.id, 'a.jpg')!;
      await makePicture(join(folder, 'a.jpg'), 640, 480, { seed: 4 });
      await until(() => item(app, ds.id, 'a.jpg')?.width === 640, 15_000, 'a.jpg to change');
      expect(item(app, ds.id, 'a.jpg')!.id).toBe(a.id);
      expect(item(app, ds.id, 'a.jpg')!.sha256).not.toBe(a.sha256);

      writeFileSync(join(folder, 'c.txt'), 'a caption written beside the picture');
      await until(() => item(app, ds.id, 'c.jpg')?.caption === 'a caption written beside the picture', 15_000, 'the sidecar');

      rmSync(join(folder, 'b.jpg'));
      await until(() => item(app, ds.id, 'b.jpg')?.status === 'missing', 15_000, 'b.jpg to go missing');
      expect(allItems(app, ds.id).map((i) => i.relPath)).toEqual(['a.jpg', 'c.jpg']);

      // A rename keeps the item (and what was written about it).
      app.items.setCaption(a.id, 'kept through a rename');
      renameSync(join(folder, 'a.jpg'), join(folder, 'renamed.jpg'));
      await until(() => item(app, ds.id, 'renamed.jpg')?.status === 'ready', 15_000, 'the rename');
      expect(item(app, ds.id, 'renamed.jpg')).toMatchObject({ id: a.id, caption: 'kept through a rename' });
      await app.close();

      // Closed: one file goes, one comes. The next start reconciles.
      rmSync(join(folder, 'c.jpg'));
      await makePicture(join(folder, 'd.jpg'), 300, 300, { seed: 5 });
      app = openCore(dataDir, { watch: true });
      await until(() => item(app, ds.id, 'd.jpg')?.status === 'ready' && item(app, ds.id, 'c.jpg')?.status === 'missing', 15_000, 'the reconcile');
      expect(allItems(app, ds.id).map((i) => i.relPath)).toEqual(['d.jpg', 'renamed.jpg']);
    } finally {
      await app.close();
    }
  });

  it('follow symbolic links as the import does: linked folders and pictures stay ready, loops stay out, /media serves them', async () => {
    // A folder of links into a photo library elsewhere (itself reached through a link), plus one picture of its own.
    const library = join(tmpDir(), 'photo library');
    await makePicture(join(library, 'trip', 'beach.jpg'), 320, 200, { seed: 11 });
    await makePicture(join(library, 'trip', 'dunes', 'dune.jpg'), 300, 200, { seed: 12 });
    await makePicture(join(library, 'portrait.jpg'), 200, 300, { seed: 13 });
    const base = tmpDir();
    const root = join(base, 'picks');
    await makePicture(join(root, 'own.jpg'), 240, 240, { seed: 14 });
    symlinkSync(join(library, 'trip'), join(root, 'trip'));
    symlinkSync(join(library, 'portrait.jpg'), join(root, 'portrait.jpg'));
    await makePicture(join(root, 'sub', 'inner.jpg'), 200, 200, { seed: 17 });
    symlinkSync('..', join(root, 'sub', 'back-up')); // a loop
    // A folder found where it really is anyway (named to come first, so no walk order picks the link instead).
    symlinkSync(join(root, 'sub'), join(root, 'a link to sub'));
    symlinkSync(root, join(base, 'picks link'));
    const expected = ['own.jpg', 'portrait.jpg', 'sub/inner.jpg', 'trip/beach.jpg', 'trip/dunes/dune.jpg'];

    const app = openCore(tmpDir(), { watch: true });
    try {
      const ds = app.datasets.create('links', 'image');
      const job = await importAndWait(app, { datasetId: ds.id, paths: [join(base, 'picks link')] });
      expect(job.status).toBe('done');
      expect(allItems(app, ds.id).map((i) => [i.relPath, i.status])).toEqual(expected.map((p) => [p, 'ready']));
      expect(jobErrors(app, job.id).map((e) => [e.path.slice(base.length + 1), e.code]).sort()).toEqual([
        ['picks/a link to sub', 'SYMLINK_LOOP'],
        ['picks/sub/back-up', 'SYMLINK_LOOP'],
      ]);

      await watchersReady(app);
      // The watcher's first scan has reconciled; give anything it queued time to land.
      await new Promise((r) => setTimeout(r, 1500));
      const everything = app.db.prepare('SELECT rel_path, status, error_code FROM items WHERE dataset_id = ? ORDER BY rel_path').all(ds.id);
      expect(everything).toEqual(expected.map((p) => ({ rel_path: p, status: 'ready', error_code: null })));

      // Changes behind the links are seen too.
      await makePicture(join(library, 'trip', 'cliff.jpg'), 360, 200, { seed: 15 });
      await until(() => item(app, ds.id, 'trip/cliff.jpg')?.status === 'ready', 15_000, 'a picture added behind a link');

      // The originals reached through the links are served; what is not one of the dataset's pictures is not.
      for (const i of allItems(app, ds.id)) {
        const file = await resolveMedia(app, { type: 'original', itemId: i.id });
        expect(readFileSync(file.path).equals(readFileSync(i.absPath)), i.relPath).toBe(true);
      }
      const outside = join(tmpDir(), 'secret.jpg');
      await makePicture(outside, 100, 100, { seed: 16 });
      const row = app.db
        .prepare(`INSERT INTO items (dataset_id, root_id, rel_path, abs_path, status) VALUES (?, ?, 'x.jpg', ?, 'ready') RETURNING id`)
        .pluck()
        .get(ds.id, app.datasets.get(ds.id).roots[0]!.id, outside) as number;
      await expect(resolveMedia(app, { type: 'original', itemId: row })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      await app.close();
    }
  });
});

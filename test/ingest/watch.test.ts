import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchedRoots, watchersReady } from '../../src/core/ingest';
import type { Atelier } from '../../src/core/app';
import { tmpDir } from '../helpers/tmp';
import { allItems, importAndWait, makePicture, openCore, until } from './helpers';

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
});

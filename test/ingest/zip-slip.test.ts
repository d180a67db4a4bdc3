import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tmpDir } from '../helpers/tmp';
import { allItems, importAndWait, jobErrors, makeZip, openCore } from './helpers';

describe('zip archives', () => {
  it('never write outside the library (zip-slip): hostile entries are reported, the rest imported', async () => {
    const base = tmpDir();
    const dataDir = join(base, 'data');
    const jpg = readFileSync(join(FIXTURES, 'faces/vladfaceapi_sample4.jpg'));
    const png = readFileSync(join(FIXTURES, 'negatives/skimage_coffee.png'));
    const zipPath = join(base, 'evil.zip');
    // yazl refuses these names, so they are written under same-length stand-ins and patched.
    await makeZip(
      zipPath,
      [
        { name: 'ok/fine.jpg', data: jpg },
        { name: 'xx/xx/xx/escape.png', data: png },
        { name: 'Xtmp/abs.jpg', data: jpg },
        { name: 'okay/xx/xx/win.jpg', data: jpg },
      ],
      { 'xx/xx/xx/escape.png': '../../../escape.png', 'Xtmp/abs.jpg': '/tmp/abs.jpg', 'okay/xx/xx/win.jpg': 'okay/../../win.jpg' },
    );
    const app = openCore(dataDir);
    try {
      const ds = app.datasets.create('zips', 'image');
      const job = await importAndWait(app, { datasetId: ds.id, paths: [zipPath] });
      expect(job.status).toBe('done');
      expect(allItems(app, ds.id).map((i) => [i.relPath, i.status])).toEqual([['evil/ok/fine.jpg', 'ready']]);
      expect(jobErrors(app, job.id).map((e) => [e.path.slice(zipPath.length + 1), e.code])).toEqual([
        ['../../../escape.png', 'ZIP_SLIP'],
        ['/tmp/abs.jpg', 'ZIP_SLIP'],
        ['okay/../../win.jpg', 'ZIP_SLIP'],
      ]);
      expect(existsSync(join(base, 'escape.png'))).toBe(false);
      expect(existsSync(join(dataDir, 'escape.png'))).toBe(false);
      expect(existsSync('/tmp/abs.jpg')).toBe(false);
      expect(readdirSync(base).sort()).toEqual(['data', 'evil.zip']);
    } finally {
      await app.close();
    }
  });

  it('found inside an imported folder are unpacked into the library (as browser uploads arrive)', async () => {
    const base = tmpDir();
    const folder = join(base, 'upload batch');
    await makeZip(join(folder, 'sub', 'set.zip'), [
      { name: 'x.png', data: readFileSync(join(FIXTURES, 'negatives/skimage_chelsea_cat.png')) },
      { name: 'x.txt', data: Buffer.from('a cat') },
      { name: 'inner.zip', data: Buffer.from('PK') },
    ]);
    writeFileSync(join(folder, 'loose.jpg'), readFileSync(join(FIXTURES, 'faces/vladfaceapi_sample5.jpg')));
    const dataDir = join(base, 'data');
    const app = openCore(dataDir);
    try {
      const ds = app.datasets.create('up', 'image');
      const job = await importAndWait(app, { datasetId: ds.id, paths: [folder], watch: false });
      const items = allItems(app, ds.id);
      expect(items.map((i) => [i.relPath, i.caption, i.absPath])).toEqual([
        ['loose.jpg', null, join(folder, 'loose.jpg')],
        ['sub/set/x.png', 'a cat', join(dataDir, 'library', String(ds.id), 'sub', 'set', 'x.png')],
      ]);
      expect(jobErrors(app, job.id).map((e) => e.code)).toEqual(['NOT_A_PICTURE']);
      expect(app.datasets.get(ds.id).roots.map((r) => r.mode)).toEqual(['linked', 'library']);
    } finally {
      await app.close();
    }
  });

  it('a damaged archive is one report line, and the other sources still import', async () => {
    const base = tmpDir();
    writeFileSync(join(base, 'broken.zip'), Buffer.from('PK\u0003\u0004 this is not really a zip archive'));
    const app = openCore(join(base, 'data'));
    try {
      const ds = app.datasets.create('z', 'image');
      const job = await importAndWait(app, { datasetId: ds.id, paths: [join(base, 'broken.zip'), join(FIXTURES, 'negatives')] });
      expect(job.status).toBe('done');
      expect(allItems(app, ds.id)).toHaveLength(2);
      expect(jobErrors(app, job.id)).toEqual([{ path: join(base, 'broken.zip'), code: 'ZIP_ERROR', message: expect.stringMatching(/^Not a readable zip archive: /) }]);
    } finally {
      await app.close();
    }
  });
});

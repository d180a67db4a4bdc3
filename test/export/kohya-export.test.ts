import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { EXPORT_MARKER, validateMusubiToml, validateSdScriptsToml } from '../../src/core/export';
import { kohyaExportResult, type Job, type KohyaExportInput } from '../../src/shared/contract';
import { AppError } from '../../src/shared/errors';
import { FIXTURES, tmpDir } from '../helpers/tmp';

const ANIME = join(FIXTURES, 'anime');
const FACES = join(FIXTURES, 'faces');
const animeFiles = readdirSync(ANIME).filter((f) => f.endsWith('.png')).sort();
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const apps: Atelier[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function open(dataDir = tmpDir()): Atelier {
  const app = createAtelier({ dataDir, host: 'memory' });
  apps.push(app);
  return app;
}

interface ItemSpec {
  rel: string;
  file: string;
  status?: 'ready' | 'error' | 'pending' | 'missing';
  role?: 'target' | 'control';
  pairKey?: string;
  caption?: string;
  tags?: string[];
}

/** Items written straight into the store (states an import would take files to produce), pointing at fixtures. */
function addItems(app: Atelier, datasetId: number, specs: ItemSpec[]): void {
  const ins = app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, role, pair_key, status, error_code, error)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
  app.db.transaction(() => {
    for (const s of specs) {
      const status = s.status ?? 'ready';
      const id = ins.pluck().get(datasetId, s.rel, s.file, s.role ?? 'target', s.pairKey ?? null, status,
        status === 'error' ? 'DECODE' : null, status === 'error' ? 'The picture is truncated.' : null) as number;
      if (s.caption !== undefined) app.items.setCaption(id, s.caption);
      s.tags?.forEach((t, k) => app.db.prepare('INSERT INTO tags (item_id, tag, position) VALUES (?, ?, ?)').run(id, t, k));
    }
  })();
}

async function exportKohya(app: Atelier, input: KohyaExportInput): Promise<Job> {
  const { jobId } = await app.connect().call('export.kohya', input);
  return app.jobs.wait(jobId);
}

/** `n` distinct picture files (copies of the fixtures), as item specs. */
function copies(n: number): ItemSpec[] {
  const dir = tmpDir();
  return Array.from({ length: n }, (_, k) => {
    const file = join(dir, `p${k}.png`);
    copyFileSync(join(ANIME, animeFiles[k % animeFiles.length]!), file);
    return { rel: `p${k}.png`, file };
  });
}

function leftovers(outDir: string): string[] {
  return existsSync(outDir) ? readdirSync(outDir).filter((f) => f.startsWith('.atelier-export')) : [];
}

describe('kohya export', () => {
  it('exports an imported dataset: copies, captions from captions or tags, both TOMLs pointing at the folder', async () => {
    const app = open();
    const client = app.connect();
    const ds = await client.call('datasets.create', { name: 'Ren\'Py cast' });
    const before = new Map(animeFiles.map((f) => [f, { sha: sha(join(ANIME, f)), mtime: statSync(join(ANIME, f)).mtimeMs }]));
    const imported = await app.jobs.wait((await client.call('import.start', { datasetId: ds.id, paths: [ANIME], watch: false })).jobId);
    expect(imported.status).toBe('done');
    const list = await client.call('items.list', { datasetId: ds.id });
    expect(list.total).toBe(animeFiles.length);
    const byName = new Map(list.items.map((i) => [i.relPath.split('/').pop()!, i.id]));
    await client.call('items.setCaption', { id: byName.get('renpy_eileen_happy.png')!, text: 'eileen smiling,\nfront view' });
    const lucy = byName.get('renpy_lucy_mad.png')!;
    ['1girl', 'angry', 'red hair'].forEach((t, k) => app.db.prepare('INSERT INTO tags (item_id, tag, position) VALUES (?, ?, ?)').run(lucy, t, 2 - k));

    const out = join(tmpDir(), 'kohya out');
    const job = await exportKohya(app, { datasetId: ds.id, outDir: out, repeats: 10, name: 'cast' });
    expect(job.status).toBe('done');
    expect(job.kind).toBe('export.kohya');
    const r = kohyaExportResult.parse(job.result);
    const imageDir = join(out, '10_cast');
    expect(r).toEqual({
      outDir: out, imageDir, imageCount: animeFiles.length, skipped: 0,
      sdScriptsToml: join(out, 'dataset_sdscripts.toml'), musubiToml: join(out, 'dataset_musubi.toml'),
    });
    expect(readdirSync(out).sort()).toEqual(['10_cast', 'dataset_musubi.toml', 'dataset_sdscripts.toml']);
    const files = readdirSync(imageDir).sort();
    expect(files).toEqual([EXPORT_MARKER, ...animeFiles.flatMap((f) => [f, f.replace(/\.png$/, '.txt')])].sort());
    for (const f of animeFiles) {
      expect(sha(join(imageDir, f))).toBe(before.get(f)!.sha);
      // The originals are only read.
      expect(sha(join(ANIME, f))).toBe(before.get(f)!.sha);
      expect(statSync(join(ANIME, f)).mtimeMs).toBe(before.get(f)!.mtime);
    }
    const caption = (f: string) => readFileSync(join(imageDir, f.replace(/\.png$/, '.txt')), 'utf8');
    expect(caption('renpy_eileen_happy.png')).toBe('eileen smiling, front view');
    expect(caption('renpy_lucy_mad.png')).toBe('red hair, angry, 1girl');
    expect(caption('renpy_sylvie_blue_smile.png')).toBe('cast');

    const sd = readFileSync(r.sdScriptsToml, 'utf8');
    const mu = readFileSync(r.musubiToml, 'utf8');
    const exists = (p: string) => existsSync(p);
    expect(validateSdScriptsToml(sd, { directoryExists: exists })).toEqual([]);
    expect(validateMusubiToml(mu, { directoryExists: exists })).toEqual([]);
    const sdDoc = parse(sd) as any;
    expect(sdDoc.general).toMatchObject({ caption_extension: '.txt' });
    expect(sdDoc.datasets[0].subsets).toEqual([{ image_dir: imageDir, num_repeats: 10, class_tokens: 'cast' }]);
    expect(sdDoc.datasets[0]).toMatchObject({ resolution: 1024, enable_bucket: true });
    const muDoc = parse(mu) as any;
    expect(muDoc.general).toMatchObject({ caption_extension: '.txt', resolution: [1024, 1024] });
    expect(muDoc.datasets).toEqual([{ image_directory: imageDir, cache_directory: join(out, 'cache_cast'), num_repeats: 10 }]);
    expect(leftovers(out)).toEqual([]);
  });

  it('gives same-named pictures from different folders unique names, and reports what it skipped', async () => {
    const app = open();
    const ds = app.datasets.create('Mixed', 'image');
    const src = tmpDir();
    addItems(app, ds.id, [
      { rel: 'a/same.png', file: join(ANIME, animeFiles[0]!), caption: 'first' },
      { rel: 'b/same.png', file: join(ANIME, animeFiles[1]!), tags: ['second'] },
      { rel: 'b/SAME.jpg', file: join(FACES, 'mpl_grace_hopper.jpg') },
      { rel: 'broken.png', file: join(src, 'broken.png'), status: 'error' },
      { rel: 'gone.png', file: join(src, 'gone.png'), status: 'missing' },
      { rel: 'later.png', file: join(src, 'later.png'), status: 'pending' },
      { rel: 'vanished.png', file: join(src, 'vanished.png') },
    ]);
    const out = tmpDir();
    const job = await exportKohya(app, { datasetId: ds.id, outDir: out, name: 'mix' });
    expect(job.status).toBe('done');
    const r = kohyaExportResult.parse(job.result);
    expect(r).toMatchObject({ imageCount: 3, skipped: 4, imageDir: join(out, '1_mix') });
    // Named in path order (case-insensitive): a/same.png, b/SAME.jpg, b/same.png.
    expect(readdirSync(r.imageDir).sort()).toEqual([EXPORT_MARKER, 'SAME-2.jpg', 'SAME-2.txt', 'same-3.png', 'same-3.txt', 'same.png', 'same.txt'].sort());
    expect(sha(join(r.imageDir, 'same.png'))).toBe(sha(join(ANIME, animeFiles[0]!)));
    expect(sha(join(r.imageDir, 'SAME-2.jpg'))).toBe(sha(join(FACES, 'mpl_grace_hopper.jpg')));
    expect(sha(join(r.imageDir, 'same-3.png'))).toBe(sha(join(ANIME, animeFiles[1]!)));
    expect(readFileSync(join(r.imageDir, 'same.txt'), 'utf8')).toBe('first');
    expect(readFileSync(join(r.imageDir, 'same-3.txt'), 'utf8')).toBe('second');
    expect(readFileSync(join(r.imageDir, 'SAME-2.txt'), 'utf8')).toBe('mix');
    const errors = app.jobs.errors(job.id, 0, 100).errors;
    expect(errors.map((e) => [e.path.split('/').pop(), e.code]).sort()).toEqual([
      ['broken.png', 'DECODE'], ['gone.png', 'MISSING'], ['later.png', 'NOT_READY'], ['vanished.png', 'IO'],
    ]);
    expect(errors.find((e) => e.code === 'DECODE')!.message).toBe('Not exported: The picture is truncated.');
  });

  it('exports control-pair datasets with the control pictures in a sibling folder under matching names', async () => {
    const app = open();
    const ds = app.datasets.create('Edits', 'control-pair');
    addItems(app, ds.id, [
      { rel: 'after/one.png', file: join(ANIME, animeFiles[0]!), pairKey: 'one', caption: 'make her smile' },
      { rel: 'after/two.png', file: join(ANIME, animeFiles[1]!), pairKey: 'two', caption: 'make her frown' },
      { rel: 'before/one_src.jpg', file: join(FACES, 'mpl_grace_hopper.jpg'), role: 'control', pairKey: 'one' },
      { rel: 'before/two_a.jpg', file: join(FACES, 'vladfaceapi_sample1.jpg'), role: 'control', pairKey: 'two' },
      { rel: 'before/two_b.png', file: join(FACES, 'skimage_astronaut.png'), role: 'control', pairKey: 'two' },
      { rel: 'after/unpaired.png', file: join(ANIME, animeFiles[2]!), pairKey: 'three' },
    ]);
    const out = tmpDir();
    const job = await exportKohya(app, { datasetId: ds.id, outDir: out, repeats: 2, name: 'edit' });
    expect(job.status).toBe('done');
    const r = kohyaExportResult.parse(job.result);
    expect(r).toMatchObject({ imageCount: 2, skipped: 1 });
    const controlDir = join(out, 'control_edit');
    expect(readdirSync(r.imageDir).sort()).toEqual([EXPORT_MARKER, 'one.png', 'one.txt', 'two.png', 'two.txt'].sort());
    expect(readdirSync(controlDir).sort()).toEqual([EXPORT_MARKER, 'one.jpg', 'two_0.jpg', 'two_1.png'].sort());
    expect(sha(join(controlDir, 'two_1.png'))).toBe(sha(join(FACES, 'skimage_astronaut.png')));
    const mu = parse(readFileSync(r.musubiToml, 'utf8')) as any;
    expect(mu.datasets[0]).toEqual({ image_directory: r.imageDir, cache_directory: join(out, 'cache_edit'), control_directory: controlDir, num_repeats: 2 });
    expect(app.jobs.errors(job.id, 0, 10).errors).toEqual([expect.objectContaining({ code: 'NO_CONTROL' })]);
  });

  it('a cancelled export leaves nothing behind', async () => {
    const app = open();
    const ds = app.datasets.create('Many', 'image');
    addItems(app, ds.id, copies(60));
    const out = tmpDir();
    const client = app.connect();
    const { jobId } = await client.call('export.kohya', { datasetId: ds.id, outDir: out, name: 'many' });
    const off = app.bus.subscribe('job.updated', (j) => {
      if (j.id === jobId && j.status === 'running' && j.done >= 1) app.jobs.cancel(jobId);
    });
    const job = await app.jobs.wait(jobId);
    off();
    expect(job.status).toBe('cancelled');
    expect(readdirSync(out)).toEqual([]);
  });

  it('a failed export leaves the output folder as it was: a folder that appears meanwhile is not touched', async () => {
    const app = open();
    const ds = app.datasets.create('Race', 'image');
    addItems(app, ds.id, copies(30));
    const out = tmpDir();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const { jobId } = await app.connect().call('export.kohya', { datasetId: ds.id, outDir: out, repeats: 3, name: 'race' });
    const off = app.bus.subscribe('job.updated', (j) => {
      if (j.id === jobId && j.done >= 1 && !existsSync(join(out, '3_race'))) {
        mkdirSync(join(out, '3_race'));
        writeFileSync(join(out, '3_race', 'user.png'), 'not ours');
      }
    });
    const job = await app.jobs.wait(jobId);
    off();
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'CONFLICT' });
    expect(job.error!.message).toContain('was not written by an Atelier export');
    expect(readdirSync(out).sort()).toEqual(['3_race', 'notes.txt']);
    expect(readdirSync(join(out, '3_race'))).toEqual(['user.png']);
  });

  it('exporting again replaces the earlier export entirely', async () => {
    const app = open();
    const ds = app.datasets.create('Again', 'image');
    addItems(app, ds.id, animeFiles.slice(0, 4).map((f) => ({ rel: f, file: join(ANIME, f) })));
    const out = tmpDir();
    expect((await exportKohya(app, { datasetId: ds.id, outDir: out, repeats: 5, name: 'again' })).status).toBe('done');
    app.db.prepare(`UPDATE items SET status = 'missing' WHERE dataset_id = ? AND rel_path IN (?, ?)`).run(ds.id, animeFiles[0], animeFiles[1]);
    const second = await exportKohya(app, { datasetId: ds.id, outDir: out, repeats: 5, name: 'again' });
    expect(second.status).toBe('done');
    expect(readdirSync(join(out, '5_again')).filter((f) => f.endsWith('.png')).sort()).toEqual(animeFiles.slice(2, 4));
    expect(readdirSync(out).sort()).toEqual(['5_again', 'dataset_musubi.toml', 'dataset_sdscripts.toml']);
  });

  it('an export interrupted by a shutdown leaves no partial folder and finishes after the restart', async () => {
    const dataDir = tmpDir();
    const app = open(dataDir);
    const ds = app.datasets.create('Restart', 'image');
    addItems(app, ds.id, [...copies(40), { rel: 'bad.png', file: '/nowhere/bad.png', status: 'error' }]);
    const out = tmpDir();
    const { jobId } = await app.connect().call('export.kohya', { datasetId: ds.id, outDir: out, name: 'restart' });
    let closing: Promise<void> | null = null;
    await new Promise<void>((resolve) => {
      app.bus.subscribe('job.updated', (j) => {
        if (j.id === jobId && j.done >= 1 && !closing) {
          closing = app.close();
          resolve();
        }
      });
    });
    await closing;
    expect(readdirSync(out)).toEqual([]);
    const again = open(dataDir);
    const job = await again.jobs.wait(jobId);
    expect(job.status).toBe('done');
    expect(readdirSync(join(out, '1_restart')).filter((f) => f.endsWith('.png'))).toHaveLength(40);
    // The skipped picture is reported once, not once per run.
    expect(again.jobs.errors(jobId, 0, 10).errors.map((e) => e.code)).toEqual(['DECODE']);
    expect(kohyaExportResult.parse(job.result).skipped).toBe(1);
  });

  it('refuses an output folder inside the dataset\'s source folder, a bad concept name, an unreplaceable folder, and an empty dataset', async () => {
    const app = open();
    const client = app.connect();
    const src = tmpDir();
    copyFileSync(join(ANIME, animeFiles[0]!), join(src, 'a.png'));
    const ds = await client.call('datasets.create', { name: 'Rooted' });
    await app.jobs.wait((await client.call('import.start', { datasetId: ds.id, paths: [src], watch: false })).jobId);
    const err = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

    const inside = await err(client.call('export.kohya', { datasetId: ds.id, outDir: join(src, 'export') }));
    expect(inside).toMatchObject({ code: 'CONFLICT' });
    expect(inside!.message).toMatch(/inside the dataset's source folder/);

    const out = tmpDir();
    expect(await err(client.call('export.kohya', { datasetId: ds.id, outDir: out, name: 'a/b' }))).toMatchObject({ code: 'INVALID_INPUT' });
    writeFileSync(join(out, 'file'), '');
    expect(await err(client.call('export.kohya', { datasetId: ds.id, outDir: join(out, 'file') }))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/is a file/) });
    mkdirSync(join(out, '1_Rooted'));
    const taken = await err(client.call('export.kohya', { datasetId: ds.id, outDir: out }));
    expect(taken).toMatchObject({ code: 'CONFLICT' });
    expect(taken!.message).toMatch(/choose another folder or concept name/);

    const empty = app.datasets.create('Empty', 'image');
    const job = await exportKohya(app, { datasetId: empty.id, outDir: out });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(job.error!.message).toMatch(/no ready pictures/);
    expect(readdirSync(out).sort()).toEqual(['1_Rooted', 'file']);
  });
});

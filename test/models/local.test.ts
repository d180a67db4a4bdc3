import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { ModelManager, countTagRows } from '../../src/core/models';
import { AppError } from '../../src/shared/errors';
import { SHARED, tmpDir } from '../helpers/tmp';

const DYNAMIC = join(SHARED, 'models', 'tagger-test', 'wd-test-dynamic');
const apps: Atelier[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
function app(): Atelier {
  const a = createAtelier({ dataDir: tmpDir(), host: 'memory' });
  apps.push(a);
  return a;
}

/** A model folder in a temp dir, with the CSV cut to `rows` tags when given. */
function folder(rows?: number): string {
  const dir = join(tmpDir(), 'My Tagger');
  mkdirSync(dir);
  copyFileSync(join(DYNAMIC, 'model.onnx'), join(dir, 'model.onnx'));
  const csv = readFileSync(join(DYNAMIC, 'selected_tags.csv'), 'utf8').split('\n');
  writeFileSync(join(dir, 'selected_tags.csv'), (rows === undefined ? csv : csv.slice(0, rows + 1)).join('\n'));
  return dir;
}

describe('local model folders', () => {
  it('adds a checked folder once, lists it with sizes, resolves it, and forgets it without touching its files', async () => {
    const a = app();
    const client = a.connect();
    const dir = folder();
    const added = await client.call('models.addLocal', { path: dir });
    expect(added).toMatchObject({ id: 'local-my-tagger', name: 'My Tagger', source: 'local', status: 'ready', dir, error: null });
    expect(added.diskBytes).toBeGreaterThan(60_000);
    expect((await client.call('models.addLocal', { path: `${dir}/` })).id).toBe('local-my-tagger');
    expect((await client.call('models.list', {})).map((m) => m.id)).toEqual(['local-my-tagger']);

    const r = await new ModelManager(a).resolve('local-my-tagger');
    expect(r).toMatchObject({ id: 'local-my-tagger', source: 'local', modelPath: join(dir, 'model.onnx'), tagsPath: join(dir, 'selected_tags.csv'), thresholds: null });

    expect(await client.call('models.delete', { id: 'local-my-tagger' })).toEqual({ deleted: true, freedBytes: 0 });
    expect(existsSync(join(dir, 'model.onnx'))).toBe(true);
    expect(await client.call('models.list', {})).toEqual([]);
  });

  it('registers a folder given by path when resolving it, with a stable id', async () => {
    const a = app();
    const m = new ModelManager(a);
    const r = await m.resolve(DYNAMIC);
    expect(r.id).toBe('local-wd-test-dynamic');
    expect((await m.resolve(DYNAMIC)).id).toBe(r.id);
    expect((await m.resolve(r.id)).dir).toBe(DYNAMIC);
  });

  it('refuses folders that are not a tagger, saying why', async () => {
    const client = app().connect();
    const err = async (path: string) => (await client.call('models.addLocal', { path }).catch((e: unknown) => e)) as AppError;
    const mismatched = folder(40);
    expect((await err(mismatched)).message).toMatch(/gives 64 scores per picture but selected_tags.csv lists 40 tags/);
    const noCsv = tmpDir();
    copyFileSync(join(DYNAMIC, 'model.onnx'), join(noCsv, 'model.onnx'));
    expect((await err(noCsv)).message).toMatch(/has no selected_tags.csv/);
    expect((await err(join(noCsv, 'nope'))).code).toBe('NOT_FOUND');
    const broken = folder();
    writeFileSync(join(broken, 'model.onnx'), 'garbage');
    const e = await err(broken);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/not an ONNX model/);
    expect(await client.call('models.list', {})).toEqual([]);
  });

  it('shows a local model whose folder went away as missing, and refuses to resolve it', async () => {
    const a = app();
    const dir = folder();
    const m = new ModelManager(a);
    await m.addLocal(dir, 'Temp');
    rmSync(dir, { recursive: true });
    const [listed] = m.list();
    expect(listed).toMatchObject({ id: 'local-temp', status: 'missing' });
    expect(listed!.error).toMatch(/is gone/);
    await expect(m.resolve('local-temp')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says a catalog model must be downloaded before use', async () => {
    const m = new ModelManager(app());
    await expect(m.resolve('wd-vit-tagger-v3')).rejects.toThrow(/not downloaded yet/);
    await expect(m.resolve('no-such-model')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes nothing outside the models folder', async () => {
    const a = app();
    const client = a.connect();
    for (const id of ['..', '.', '../models', 'a/../..']) {
      expect(await client.call('models.delete', { id })).toEqual({ deleted: false, freedBytes: 0 });
    }
    expect(existsSync(join(a.dataDir, 'atelier.db'))).toBe(true);
  });

  it('lists a folder the catalog no longer has, so that its space can be freed', async () => {
    const a = app();
    const old = join(a.dataDir, 'models', 'wd-retired-tagger');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, 'model.onnx'), Buffer.alloc(5000));
    const client = a.connect();
    const [m] = await client.call('models.list', {});
    expect(m).toMatchObject({ id: 'wd-retired-tagger', status: 'invalid', diskBytes: 5000 });
    expect(await client.call('models.delete', { id: 'wd-retired-tagger' })).toEqual({ deleted: true, freedBytes: 5000 });
    expect(existsSync(old)).toBe(false);
  });

  it('checks the tag CSV header', () => {
    expect(countTagRows('tag_id,name,category,count\n1,a,0,5\n2,b,0,3\n', 'x.csv')).toBe(2);
    expect(() => countTagRows('id,tag\n1,a\n', 'x.csv')).toThrow(/"name" and "category"/);
  });
});

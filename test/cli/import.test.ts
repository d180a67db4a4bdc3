import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FIXTURES, tmpDir } from '../helpers/tmp';
import { uniqueJpegs } from './pictures';
import { atelier, exitOf, spawnAtelier } from './run-cli';

interface ItemJson {
  id: number;
  path: string;
  relPath: string;
  status: string;
  error: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  sha256: string | null;
  caption: string | null;
  tags: { tag: string }[];
}

// Atelier stores real paths (symlinks resolved); the shared folder may be reached through a link.
const REAL_FIXTURES = realpathSync(FIXTURES);

function fixtureFiles(): string[] {
  return readdirSync(REAL_FIXTURES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

describe('atelier import / items / datasets (built CLI, real pictures)', () => {
  it('imports the fixture folder and lists every item with path, status, size, pixels, sha256, caption and tags', async () => {
    const data = tmpDir();
    const imp = await atelier(data, ['import', FIXTURES, '--dataset', 'Fixtures']);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/\(#\d+\) done/);
    expect(imp.stdout).toContain('Dataset "Fixtures": 26 items, 0 errors.');

    const r = await atelier(data, ['items', '--dataset', 'fixtures', '--json']);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout) as ItemJson[];
    const files = fixtureFiles();
    expect(items.map((i) => i.path).sort()).toEqual(files);
    for (const item of items) {
      const bytes = readFileSync(item.path);
      expect(item.status, item.path).toBe('ready');
      expect(item.error).toBeNull();
      expect(item.size).toBe(bytes.length);
      expect(item.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(item.width).toBeGreaterThan(0);
      expect(item.height).toBeGreaterThan(0);
      expect(item).toHaveProperty('caption');
      expect(item.tags).toEqual([]);
      expect(item.relPath).toBe(relative(REAL_FIXTURES, item.path));
    }
    const lucy = items.find((i) => i.path.endsWith('renpy_lucy_mad.png'))!;
    const meta = await sharp(lucy.path).metadata();
    expect([lucy.width, lucy.height]).toEqual([meta.width, meta.height]);

    const ds = JSON.parse((await atelier(data, ['datasets', '--json'])).stdout) as { name: string; itemCount: number }[];
    expect(ds).toEqual([expect.objectContaining({ name: 'Fixtures', itemCount: 26 })]);
    const text = await atelier(data, ['items', '--dataset', 'Fixtures']);
    expect(text.stdout).toContain('320x720');
    expect(text.stdout).toContain('26 items.');
  });

  it('reports per-file problems without failing the import, in text and JSON', async () => {
    const data = tmpDir();
    const src = tmpDir();
    writeFileSync(join(src, 'good.png'), readFileSync(join(FIXTURES, 'anime', 'renpy_lucy_mad.png')));
    writeFileSync(join(src, 'empty.jpg'), '');
    writeFileSync(join(src, 'broken.jpg'), readFileSync(join(FIXTURES, 'faces', 'mpl_grace_hopper.jpg')).subarray(0, 300));
    const r = await atelier(data, ['import', src, '--dataset', 'Mixed', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { dataset: { itemCount: number; errorCount: number }; jobs: { status: string }[] };
    expect(out.jobs.at(-1)!.status).toBe('done');
    const items = JSON.parse((await atelier(data, ['items', '--dataset', 'Mixed', '--json'])).stdout) as ItemJson[];
    expect(items.find((i) => i.path.endsWith('good.png'))?.status).toBe('ready');
    const bad = items.filter((i) => i.status === 'error');
    expect(bad.map((i) => i.path.split('/').pop()).sort()).toEqual(['broken.jpg', 'empty.jpg']);
    for (const b of bad) expect(b.error).toBeTruthy();
  });

  it('leaves other datasets alone: a one-shot import starts no folder watchers (only serve and the app keep folders in sync)', async () => {
    const data = tmpDir();
    const a = tmpDir();
    const [gone] = uniqueJpegs(a, 8);
    const goneRel = relative(realpathSync(a), realpathSync(gone!));
    expect((await atelier(data, ['import', a, '--dataset', 'A'])).code).toBe(0);
    // While nothing watches: one picture of A goes, one comes.
    rmSync(gone!);
    writeFileSync(join(a, 'new.jpg'), readFileSync(join(FIXTURES, 'faces', 'mpl_grace_hopper.jpg')));
    const b = tmpDir();
    uniqueJpegs(b, 4);
    expect((await atelier(data, ['import', b, '--dataset', 'B'])).code).toBe(0);

    const db = new Database(join(data, 'atelier.db'), { readonly: true });
    const rows = db.prepare(`SELECT i.rel_path, i.status FROM items i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = 'A'`).all();
    db.close();
    expect(rows).toHaveLength(8);
    expect(rows).toEqual(expect.arrayContaining([{ rel_path: goneRel, status: 'ready' }]));
    expect(rows.every((r) => (r as { status: string }).status === 'ready')).toBe(true);
  });
});

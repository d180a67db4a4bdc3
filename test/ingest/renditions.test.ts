import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { getRenditions, MAX_PIXELS, renditionAbsPath, type RenditionRecord } from '../../src/core/media';
import { probeFile } from '../../src/core/media/renditions-probe';
import { tmpDir } from '../helpers/tmp';
import { allItems, importAndWait, makePicture, openCore } from './helpers';

function byKind(rs: RenditionRecord[]) {
  return { preview: rs.find((r) => r.kind === 'preview')!, medium: rs.find((r) => r.kind === 'medium')! };
}

async function probe(path: string, dataDir: string) {
  return probeFile({ path, dataDir, maxPixels: MAX_PIXELS });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe('renditions', () => {
  it('makes a 1280 medium and a 512 preview JPEG of a large picture', async () => {
    const dir = tmpDir();
    const pic = join(dir, 'big.jpg');
    await makePicture(pic, 3000, 2000);
    const r = await probe(pic, dir);
    expect(r.error).toBeNull();
    expect(r).toMatchObject({ width: 3000, height: 2000, format: 'jpeg', orientation: null, byteSize: statSync(pic).size });
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { preview, medium } = byKind(r.renditions);
    expect(medium).toMatchObject({ width: 1280, height: 853 });
    expect(preview).toMatchObject({ width: 512, height: 341 });
    expect(medium.path).toMatch(new RegExp(`^renditions/${r.sha256!.slice(0, 2)}/${r.sha256}-medium\\.jpg$`));
    for (const x of [preview, medium]) {
      const meta = await sharp(renditionAbsPath(dir, x.path)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', x.width, x.height]);
    }
  });

  it('applies EXIF orientation, and a small picture gets one file for both sizes, never enlarged', async () => {
    const dir = tmpDir();
    const pic = join(dir, 'turned.jpg');
    // Left half dark, right half bright; orientation 6 displays it turned a quarter clockwise: dark on top.
    await makePicture(pic, 400, 200, { orientation: 6 });
    const r = await probe(pic, dir);
    expect(r).toMatchObject({ width: 200, height: 400, orientation: 6, error: null });
    const { preview, medium } = byKind(r.renditions);
    expect(preview.path).toBe(medium.path);
    expect(medium).toMatchObject({ width: 200, height: 400 });
    const { data, info } = await sharp(renditionAbsPath(dir, medium.path)).raw().toBuffer({ resolveWithObject: true });
    const red = (y: number) => data[(y * info.width + 100) * info.channels]!;
    expect(red(20)).toBeLessThan(80);
    expect(red(380)).toBeGreaterThan(170);
  });

  it('keeps transparency as WebP with its alpha channel', async () => {
    const dir = tmpDir();
    const pic = join(dir, 'cutout.png');
    await makePicture(pic, 1600, 800, { alpha: true });
    const r = await probe(pic, dir);
    const { preview, medium } = byKind(r.renditions);
    expect(medium).toMatchObject({ width: 1280, height: 640 });
    expect(preview.path).toMatch(/-preview\.webp$/);
    const { data, info } = await sharp(renditionAbsPath(dir, preview.path)).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[(10 * info.width + 10) * 4 + 3]).toBe(0); // left half transparent
    expect(data[(10 * info.width + info.width - 10) * 4 + 3]).toBe(255);
  });

  it('survive identical files being rendered at the same moment', async () => {
    const dir = tmpDir();
    await makePicture(join(dir, 'a.jpg'), 1500, 1000);
    for (const n of [1, 2, 3]) copyFileSync(join(dir, 'a.jpg'), join(dir, `copy${n}.jpg`));
    const results = await Promise.all(['a', 'copy1', 'copy2', 'copy3'].map((n) => probe(join(dir, `${n}.jpg`), dir)));
    for (const r of results) expect(r.error).toBeNull();
    expect(filesUnder(join(dir, 'renditions')).sort()).toEqual([`${results[0]!.sha256}-medium.jpg`, `${results[0]!.sha256}-preview.jpg`]);
  });

  it('are shared by identical files across datasets and made only once', async () => {
    const dataDir = tmpDir();
    const src = tmpDir();
    await makePicture(join(src, 'a', 'one.jpg'), 1400, 900);
    const app = openCore(dataDir);
    try {
      const d1 = app.datasets.create('first', 'image');
      const d2 = app.datasets.create('second', 'image');
      await importAndWait(app, { datasetId: d1.id, paths: [join(src, 'a')] });
      const made = statSync(renditionAbsPath(dataDir, getRenditions(app.db, allItems(app, d1.id)[0]!.sha256!)[0]!.path)).mtimeMs;
      copyFileSync(join(src, 'a', 'one.jpg'), join(src, 'twin.jpg'));
      await importAndWait(app, { datasetId: d2.id, paths: [join(src, 'twin.jpg')] });
      const [i1] = allItems(app, d1.id);
      const [i2] = allItems(app, d2.id);
      expect(i2!.sha256).toBe(i1!.sha256);
      expect(i2!.absPath).not.toBe(i1!.absPath);
      const rows = getRenditions(app.db, i1!.sha256!);
      expect(rows.map((r) => [r.kind, r.width, r.height])).toEqual([['medium', 1280, 823], ['preview', 512, 329]]);
      expect(filesUnder(join(dataDir, 'renditions')).sort()).toEqual([`${i1!.sha256}-medium.jpg`, `${i1!.sha256}-preview.jpg`]);
      // The second import found them made and did not write them again.
      expect(statSync(renditionAbsPath(dataDir, rows[0]!.path)).mtimeMs).toBe(made);
      expect(existsSync(renditionAbsPath(dataDir, rows[1]!.path))).toBe(true);
    } finally {
      await app.close();
    }
  });
});

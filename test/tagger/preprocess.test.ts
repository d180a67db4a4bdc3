import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { preprocessImage, squarePadding } from '../../src/core/tagger';
import { FIXTURES, SHARED, tmpDir } from '../helpers/tmp';

const PY = '/usr/bin/python3';

function fixtureImages(): string[] {
  const out: string[] = [];
  for (const d of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    for (const f of readdirSync(join(FIXTURES, d.name))) if (/\.(png|jpe?g|webp)$/i.test(f)) out.push(join(FIXTURES, d.name, f));
  }
  return out.sort();
}

/** The reference preprocessing of every picture, in one Python process (importing wd_preprocess.prepare). */
function reference(paths: string[], size: number, dir: string): Float32Array[] {
  const script = [
    'import sys, json',
    `sys.path.insert(0, ${JSON.stringify(join(SHARED, 'reference'))})`,
    'from wd_preprocess import prepare',
    'paths, size, out = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]',
    'for i, p in enumerate(paths): prepare(p, size).astype("<f4").tofile(f"{out}/{i}.f32")',
  ].join('\n');
  execFileSync(PY, ['-c', script, JSON.stringify(paths), String(size), dir]);
  return paths.map((_, i) => {
    const b = readFileSync(join(dir, `${i}.f32`));
    return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  });
}

function diffStats(a: Float32Array, b: Float32Array): { mean: number; p99: number; max: number } {
  const d = new Float32Array(a.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    d[i] = Math.abs(a[i]! - b[i]!);
    sum += d[i]!;
  }
  d.sort();
  return { mean: sum / a.length, p99: d[Math.floor(d.length * 0.99)]!, max: d[d.length - 1]! };
}

describe('preprocessing', () => {
  it('pads into a centred square, the remainder right and bottom', () => {
    expect(squarePadding(320, 721)).toEqual({ side: 721, left: 200, top: 0, right: 201, bottom: 0 });
    expect(squarePadding(600, 400)).toEqual({ side: 600, left: 0, top: 100, right: 0, bottom: 100 });
  });

  it('matches the reference wd_preprocess.py on every fixture picture (mean < 0.5, p99 <= 2 on 0..255)', async () => {
    const dir = tmpDir();
    const images = fixtureImages();
    expect(images.length).toBeGreaterThanOrEqual(20);
    expect(images.some((p) => p.endsWith('.png'))).toBe(true);
    const report: string[] = [];
    const refs = reference(images, 448, dir);
    for (const [k, path] of images.entries()) {
      const ours = await preprocessImage(path, 448);
      const ref = refs[k]!;
      expect(ours.data.length).toBe(ref.length);
      const s = diffStats(ours.data, ref);
      report.push(`${relative(FIXTURES, path)} mean=${s.mean.toFixed(3)} p99=${s.p99} max=${s.max}`);
      expect(s.mean, relative(FIXTURES, path)).toBeLessThan(0.5);
      expect(s.p99, relative(FIXTURES, path)).toBeLessThanOrEqual(2);
    }
    console.log(report.join('\n'));
  });

  it('flattens transparency onto white, in BGR order', async () => {
    // a 4x2 half-transparent pure red picture, padded to a 4x4 square, kept at its size
    const rgba = Buffer.alloc(4 * 2 * 4);
    for (let i = 0; i < 8; i++) rgba.set([255, 0, 0, 128], i * 4);
    const png = await sharp(rgba, { raw: { width: 4, height: 2, channels: 4 } }).png().toBuffer();
    const { data } = await preprocessImage(png, 4);
    // row 0 is padding (white); row 1 is the picture: red at ~50% on white = (255, 127, 127) → BGR (127, 127, 255)
    expect([...data.slice(0, 3)]).toEqual([255, 255, 255]);
    const px = [...data.slice(4 * 3, 4 * 3 + 3)];
    expect(px[0]).toBeGreaterThanOrEqual(126);
    expect(px[0]).toBeLessThanOrEqual(128);
    expect(px[2]).toBe(255);
  });

  it('rejects a file that is not a picture', async () => {
    await expect(preprocessImage(Buffer.from('not an image'), 448)).rejects.toThrow();
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import yazl from 'yazl';
import { createAtelier, type Atelier } from '../../src/core/app';
import { startImport, type StartImportInput } from '../../src/core/ingest';
import type { ItemSummary, Job } from '../../src/shared/contract';

/** A JPEG (or PNG) of `width`×`height` with a colour gradient, so no two sizes hash alike. */
export async function makePicture(path: string, width: number, height: number, opts: { png?: boolean; alpha?: boolean; orientation?: number; seed?: number } = {}): Promise<void> {
  const channels = opts.alpha ? 4 : 3;
  const px = Buffer.alloc(width * height * channels);
  const seed = opts.seed ?? 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      px[i] = (x * 255) / width + seed;
      px[i + 1] = (y * 255) / height;
      px[i + 2] = 128 + seed;
      if (opts.alpha) px[i + 3] = x < width / 2 ? 0 : 255;
    }
  }
  let img = sharp(px, { raw: { width, height, channels } });
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await (opts.png || opts.alpha ? img.png() : img.jpeg({ quality: 90 })).toBuffer());
}

export function openCore(dataDir: string, opts: { watch?: boolean; startJobs?: boolean } = {}): Atelier {
  return createAtelier({ dataDir, host: 'memory', watch: opts.watch ?? false, startJobs: opts.startJobs ?? true });
}

export async function importAndWait(app: Atelier, input: StartImportInput): Promise<Job> {
  const job = startImport(app, input);
  return app.jobs.wait(job.id);
}

export function allItems(app: Atelier, datasetId: number): ItemSummary[] {
  return app.items.list(datasetId, { status: 'all' }, 'name', false, 0, 5000).items;
}

export function jobErrors(app: Atelier, jobId: number) {
  return app.jobs.errors(jobId, 0, 5000).errors;
}

/** Resolves when `check()` is true, polling; rejects after `ms`. */
export async function until(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Writes a zip with yazl. `rename` swaps names after writing (same length), to make entries yazl itself refuses
 * to write, like `../evil.jpg`: both the local header and the central directory carry the name. */
export async function makeZip(path: string, entries: { name: string; data: Buffer }[], rename: Record<string, string> = {}): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  let bytes = Buffer.concat(chunks);
  for (const [from, to] of Object.entries(rename)) {
    if (from.length !== to.length) throw new Error('A renamed entry must keep its length.');
    bytes = Buffer.from(bytes.toString('latin1').split(from).join(to), 'latin1');
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** A real decompression bomb: a valid 1-bit PNG of `width`×`height` whose zeros deflate to a few kilobytes. */
export function makePngBomb(path: string, width: number, height: number): void {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = zlib.deflateSync(Buffer.alloc(height * (1 + Math.ceil(width / 8))), { level: 9 });
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, png);
}

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeError, emptyFile, endsEarly, readError, tooLarge, type ItemError } from './renditions-errors';
import { decodeStrictness, renderRenditions } from './renditions-render';
import type { RenditionRecord } from './renditions';

/** Everything ingest learns about one file: hash, probe, renditions. Runs in a worker thread (renditions.worker.ts). */

export interface ProbeRequest {
  path: string;
  dataDir: string;
  maxPixels: number;
}

export interface ProbeResult {
  byteSize: number | null;
  mtimeMs: number | null;
  sha256: string | null;
  width: number | null;
  height: number | null;
  format: string | null;
  orientation: number | null;
  renditions: RenditionRecord[];
  error: ItemError | null;
}

/** Files up to this size are read once into memory and hashed and decoded from there; bigger ones are streamed. */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

async function hashStream(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function tailOf(path: string, size: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const n = Math.min(64, size);
    const buf = Buffer.alloc(n);
    await fh.read(buf, 0, n, size - n);
    return buf;
  } finally {
    await fh.close();
  }
}

export async function probeFile(req: ProbeRequest): Promise<ProbeResult> {
  const out: ProbeResult = {
    byteSize: null,
    mtimeMs: null,
    sha256: null,
    width: null,
    height: null,
    format: null,
    orientation: null,
    renditions: [],
    error: null,
  };
  let source: Buffer | string;
  try {
    const st = await stat(req.path);
    out.byteSize = st.size;
    out.mtimeMs = st.mtimeMs;
    if (st.size === 0) return { ...out, error: emptyFile() };
    if (st.size <= IN_MEMORY_LIMIT) {
      source = await readFile(req.path);
      out.sha256 = createHash('sha256').update(source).digest('hex');
    } else {
      source = req.path;
      out.sha256 = await hashStream(req.path);
    }
  } catch (err) {
    return { ...out, error: readError(err) };
  }

  let meta: sharp.Metadata;
  try {
    meta = await sharp(source).metadata();
  } catch (err) {
    return { ...out, error: decodeError((err as Error).message, false) };
  }
  // Width and height as displayed: EXIF orientation 5-8 turns the picture a quarter.
  out.width = meta.autoOrient?.width ?? meta.width;
  out.height = meta.autoOrient?.height ?? meta.height;
  out.format = meta.format;
  out.orientation = meta.orientation ?? null;
  if (meta.width * meta.height > req.maxPixels) return { ...out, error: tooLarge(out.width, out.height, req.maxPixels) };

  try {
    out.renditions = await renderRenditions({
      source,
      sha256: out.sha256,
      dataDir: req.dataDir,
      hasAlpha: meta.hasAlpha,
      failOn: decodeStrictness(meta.format),
      maxPixels: req.maxPixels,
    });
  } catch (err) {
    const tail = typeof source === 'string' ? await tailOf(source, out.byteSize).catch(() => Buffer.alloc(0)) : source.subarray(-64);
    return { ...out, error: decodeError((err as Error).message, endsEarly(meta.format, tail)) };
  }
  return out;
}

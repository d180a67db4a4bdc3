import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import sharp, { type FailOnOptions, type Sharp } from 'sharp';
import { RENDITION_SIDES, renditionAbsPath, renditionRelPath, type RenditionExt, type RenditionRecord } from './renditions';

/** Makes the renditions of one picture with sharp (runs in a worker thread). */

export interface RenderInput {
  /** The picture's bytes, or its path when it is too big to hold in memory. */
  source: Buffer | string;
  sha256: string;
  dataDir: string;
  hasAlpha: boolean;
  /** How strict the decoder is (see decodeStrictness). */
  failOn: FailOnOptions;
  /** Decompression-bomb guard: sharp refuses inputs with more pixels. */
  maxPixels: number;
}

const JPEG = { quality: 80 } as const;
// effort 2 encodes about twice as fast as the default 4 for a barely larger file.
const WEBP = { quality: 80, alphaQuality: 90, effort: 2 } as const;

function encode(img: Sharp, ext: RenditionExt): Sharp {
  return ext === 'webp' ? img.webp(WEBP) : img.jpeg(JPEG);
}

/** JPEG decoders report damaged data as warnings and carry on with grey blocks: treat those as failures, since a
 * damaged picture must not slip into a training set. Other decoders warn about harmless things (unknown TIFF
 * tags), so for them only real errors count. */
export function decodeStrictness(format: string | undefined): FailOnOptions {
  return format === 'jpeg' ? 'warning' : 'error';
}

let writes = 0;

/** Writes beside the target and renames, so a crash never leaves a half-written rendition under its final name.
 * Identical files rendered at the same moment each write their own temporary file; the last rename wins. */
async function writeAtomic(img: Sharp, finalPath: string): Promise<sharp.OutputInfo> {
  const tmp = `${finalPath}.${process.pid}-${threadId}-${++writes}.tmp`;
  try {
    const info = await img.toFile(tmp);
    await rename(tmp, finalPath);
    return info;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Renditions made earlier for the same content (another file, another dataset, or before a crash). */
async function existing(dataDir: string, sha256: string, ext: RenditionExt): Promise<RenditionRecord[] | null> {
  const mediumPath = renditionRelPath(sha256, 'medium', ext);
  const mediumAbs = renditionAbsPath(dataDir, mediumPath);
  if (!existsSync(mediumAbs)) return null;
  const m = await sharp(mediumAbs).metadata();
  const medium: RenditionRecord = { sha256, kind: 'medium', path: mediumPath, width: m.width, height: m.height };
  if (Math.max(m.width, m.height) <= RENDITION_SIDES.preview) return [{ ...medium, kind: 'preview' }, medium];
  const previewPath = renditionRelPath(sha256, 'preview', ext);
  const previewAbs = renditionAbsPath(dataDir, previewPath);
  if (!existsSync(previewAbs)) return null;
  const p = await sharp(previewAbs).metadata();
  return [{ sha256, kind: 'preview', path: previewPath, width: p.width, height: p.height }, medium];
}

/** Decodes the picture once, at the scale the medium rendition needs (JPEG shrink-on-load), with EXIF orientation
 * applied, then encodes medium from those pixels and preview by resizing them again. A picture that already fits
 * the preview box gets one file that serves as both. */
export async function renderRenditions(input: RenderInput): Promise<RenditionRecord[]> {
  const { sha256, dataDir } = input;
  const ext: RenditionExt = input.hasAlpha ? 'webp' : 'jpg';
  const reuse = await existing(dataDir, sha256, ext);
  if (reuse) return reuse;

  const { data, info } = await sharp(input.source, { failOn: input.failOn, limitInputPixels: input.maxPixels })
    .rotate()
    .resize({ width: RENDITION_SIDES.medium, height: RENDITION_SIDES.medium, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };

  const mediumPath = renditionRelPath(sha256, 'medium', ext);
  const mediumAbs = renditionAbsPath(dataDir, mediumPath);
  await mkdir(dirname(mediumAbs), { recursive: true });
  const medium: RenditionRecord = { sha256, kind: 'medium', path: mediumPath, width: info.width, height: info.height };
  if (Math.max(info.width, info.height) <= RENDITION_SIDES.preview) {
    await writeAtomic(encode(sharp(data, raw), ext), mediumAbs);
    return [{ ...medium, kind: 'preview' }, medium];
  }
  const previewPath = renditionRelPath(sha256, 'preview', ext);
  const side = RENDITION_SIDES.preview;
  // One after the other: as fast as side by side once every core is busy, and each thread's allocator holds less.
  await writeAtomic(encode(sharp(data, raw), ext), mediumAbs);
  const p = await writeAtomic(encode(sharp(data, raw).resize({ width: side, height: side, fit: 'inside' }), ext), renditionAbsPath(dataDir, previewPath));
  return [{ sha256, kind: 'preview', path: previewPath, width: p.width, height: p.height }, medium];
}

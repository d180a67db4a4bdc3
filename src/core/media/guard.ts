import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, sep } from 'node:path';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../app/context';
import { getRenditions, renditionAbsPath } from './renditions';

/** The one gate between a media request (HTTP /media/..., Electron atelier-media://) and the disk.
 * A request names a rendition by sha256 or an original by item id, never a path; the path comes from the
 * store and is served only if its real path (symlinks resolved) lies under an allowed root. */

export type MediaRequest =
  | { type: 'rendition'; sha256: string; kind: 'preview' | 'medium' }
  | { type: 'original'; itemId: number };

export interface MediaFile {
  path: string;
  size: number;
  mtimeMs: number;
  contentType: string;
  /** Content-addressed (renditions): cacheable forever. */
  immutable: boolean;
}

const SHA256 = /^[0-9a-f]{64}$/;
const ITEM_ID = /^[1-9][0-9]{0,15}$/;

/** Parses `rendition/<sha256>/<preview|medium>` or `original/<itemId>` (already percent-decoded or not: both
 * forms are strict, so `..`, `%2e`, NUL and extra segments never match). Returns null when it is neither. */
export function parseMediaPath(subpath: string): MediaRequest | null {
  const parts = subpath.replace(/^\/+/, '').split('/');
  if (parts[0] === 'rendition' && parts.length === 3) {
    const [, sha256, kind] = parts;
    if (sha256 && SHA256.test(sha256) && (kind === 'preview' || kind === 'medium')) return { type: 'rendition', sha256, kind };
  }
  if (parts[0] === 'original' && parts.length === 2 && parts[1] && ITEM_ID.test(parts[1])) {
    return { type: 'original', itemId: Number(parts[1]) };
  }
  return null;
}

/** Whether `child` is `parent` or lies inside it (both absolute, normalised). */
export function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  const p = parent.endsWith(sep) ? parent : parent + sep;
  return child.startsWith(p);
}

async function realOrNull(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    return null;
  }
}

/** Resolves `candidate` to its real path and checks it lies under one of `roots` (also resolved).
 * Throws NOT_FOUND when it does not exist, UNAUTHORIZED when it escapes every root. */
export async function guardPath(candidate: string, roots: string[]): Promise<string> {
  if (!isAbsolute(candidate) || candidate.includes('\0')) throw new AppError('UNAUTHORIZED', 'This media path is not allowed.');
  const real = await realOrNull(candidate);
  if (!real) throw new AppError('NOT_FOUND', 'The media file is missing on disk.');
  for (const root of roots) {
    const realRoot = await realOrNull(root);
    if (realRoot && isInside(real, realRoot)) return real;
  }
  throw new AppError('UNAUTHORIZED', 'This media file lies outside the dataset folders and the data folder.');
}

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jfif': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.jxl': 'image/jxl',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
};

export function mediaContentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Finds, guards and stats the file a media request names. */
export async function resolveMedia(core: CoreContext, req: MediaRequest): Promise<MediaFile> {
  let candidate: string;
  let roots: string[];
  if (req.type === 'rendition') {
    const rendition = getRenditions(core.db, req.sha256).find((r) => r.kind === req.kind);
    if (!rendition) throw new AppError('NOT_FOUND', `There is no ${req.kind} rendition for ${req.sha256}.`);
    candidate = renditionAbsPath(core.dataDir, rendition.path);
    roots = [core.dataDir];
  } else {
    const row = core.db.prepare('SELECT dataset_id, abs_path FROM items WHERE id = ?').get(req.itemId) as
      | { dataset_id: number; abs_path: string }
      | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no item ${req.itemId}.`);
    candidate = row.abs_path;
    const datasetRoots = core.db.prepare('SELECT path FROM dataset_roots WHERE dataset_id = ?').pluck().all(row.dataset_id) as string[];
    roots = [core.dataDir, ...datasetRoots];
  }
  const path = await guardPath(candidate, roots);
  const st = await stat(path);
  if (!st.isFile()) throw new AppError('NOT_FOUND', 'The media path is not a file.');
  return { path, size: st.size, mtimeMs: st.mtimeMs, contentType: mediaContentType(path), immutable: req.type === 'rendition' };
}

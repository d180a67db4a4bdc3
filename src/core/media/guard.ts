import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, normalize, sep } from 'node:path';
import { AppError, isAppError } from '../../shared/errors';
import type { CoreContext } from '../app/context';
import { getRenditions, renditionAbsPath } from './renditions';

/** The one gate between a media request (HTTP /media/..., Electron atelier-media://) and the disk.
 * A request names a rendition by sha256 or an original by item id, never a path; the path comes from the
 * store and is served only if its real path (symlinks resolved) lies under an allowed root, or if it is a picture
 * the dataset's folder links to (see linkedOriginal). */

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

interface OriginalRow {
  dataset_id: number;
  abs_path: string;
  status: string;
  byte_size: number | null;
  mtime_ms: number | null;
}

/** A picture a linked folder reaches through a symbolic link (a folder of links into a photo library): imports and
 * watchers follow such links, so its real path may lie outside every root. It is served while it is still the file
 * that was imported and read as a picture: the item is ready, its stored path is plain (no `..`) and inside one of
 * the dataset's linked folders, and the file has the size and modification time recorded then. Null otherwise. */
async function linkedOriginal(item: OriginalRow, linkedRoots: string[]): Promise<string | null> {
  if (item.status !== 'ready' || item.byte_size === null || item.mtime_ms === null) return null;
  if (normalize(item.abs_path) !== item.abs_path || !linkedRoots.some((r) => isInside(item.abs_path, r))) return null;
  const real = await realOrNull(item.abs_path);
  const st = real ? await stat(real).catch(() => null) : null;
  return st?.isFile() && st.size === item.byte_size && st.mtimeMs === item.mtime_ms ? real : null;
}

async function guardOriginal(core: CoreContext, itemId: number): Promise<string> {
  const row = core.db.prepare('SELECT dataset_id, abs_path, status, byte_size, mtime_ms FROM items WHERE id = ?').get(itemId) as OriginalRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `There is no item ${itemId}.`);
  const roots = core.db.prepare('SELECT path, mode FROM dataset_roots WHERE dataset_id = ?').all(row.dataset_id) as { path: string; mode: string }[];
  try {
    return await guardPath(row.abs_path, [core.dataDir, ...roots.map((r) => r.path)]);
  } catch (err) {
    const linked = isAppError(err, 'UNAUTHORIZED') && (await linkedOriginal(row, roots.filter((r) => r.mode === 'linked').map((r) => r.path)));
    if (linked) return linked;
    throw err;
  }
}

/** Finds, guards and stats the file a media request names. */
export async function resolveMedia(core: CoreContext, req: MediaRequest): Promise<MediaFile> {
  let path: string;
  if (req.type === 'rendition') {
    const rendition = getRenditions(core.db, req.sha256).find((r) => r.kind === req.kind);
    if (!rendition) throw new AppError('NOT_FOUND', `There is no ${req.kind} rendition for ${req.sha256}.`);
    path = await guardPath(renditionAbsPath(core.dataDir, rendition.path), [core.dataDir]);
  } else {
    path = await guardOriginal(core, req.itemId);
  }
  const st = await stat(path);
  if (!st.isFile()) throw new AppError('NOT_FOUND', 'The media path is not a file.');
  return { path, size: st.size, mtimeMs: st.mtimeMs, contentType: mediaContentType(path), immutable: req.type === 'rendition' };
}

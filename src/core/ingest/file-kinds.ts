import { extname } from 'node:path';

/** What a file name says a file is, before anything is read. Pure, unit-tested. */

/** Formats sharp decodes here. */
export const PICTURE_EXTS = new Set(['.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif']);
/** Caption sidecars, in the order they win when a picture has several (kohya reads either). */
export const CAPTION_EXTS = ['.txt', '.caption'] as const;
/** Pictures in formats this build cannot decode: reported, so the user can convert them. */
const OTHER_PICTURE_EXTS = new Set(['.bmp', '.heic', '.heif', '.psd', '.jxl', '.svg', '.ico', '.dng', '.cr2', '.cr3', '.nef', '.arw', '.raf', '.orf', '.rw2']);
const JUNK_FILES = new Set(['.ds_store', 'thumbs.db', 'ehthumbs.db', 'desktop.ini', '.directory']);
/** Folders made by operating systems and NAS boxes (Synology @eaDir holds thumbnails), never user pictures. */
const JUNK_DIRS = new Set(['__macosx', '@eadir', '$recycle.bin', 'system volume information', '.thumbnails', '.git']);

export type FileKind = 'picture' | 'caption' | 'archive' | 'unsupported-picture' | 'junk' | 'other';

export function fileKind(name: string): FileKind {
  const lower = name.toLowerCase();
  // "._name" files are macOS resource forks (AppleDouble), not pictures, whatever their extension.
  if (JUNK_FILES.has(lower) || lower.startsWith('._')) return 'junk';
  const ext = extname(lower);
  if (PICTURE_EXTS.has(ext)) return 'picture';
  if ((CAPTION_EXTS as readonly string[]).includes(ext)) return 'caption';
  if (ext === '.zip') return 'archive';
  if (OTHER_PICTURE_EXTS.has(ext)) return 'unsupported-picture';
  return 'other';
}

export function isJunkDir(name: string): boolean {
  const lower = name.toLowerCase();
  return JUNK_DIRS.has(lower);
}

/** The caption sidecars among a folder's file names, by lower-cased stem: `photo.jpg` pairs with `photo.txt`. */
export function captionIndex(names: Iterable<string>): Map<string, string> {
  const byStem = new Map<string, { name: string; rank: number }>();
  for (const name of names) {
    const ext = extname(name).toLowerCase();
    const rank = (CAPTION_EXTS as readonly string[]).indexOf(ext);
    if (rank < 0) continue;
    const stem = name.slice(0, name.length - ext.length).toLowerCase();
    const cur = byStem.get(stem);
    if (!cur || rank < cur.rank) byStem.set(stem, { name, rank });
  }
  return new Map([...byStem].map(([k, v]) => [k, v.name]));
}

export function captionFor(pictureName: string, index: Map<string, string>): string | null {
  const ext = extname(pictureName);
  return index.get(pictureName.slice(0, pictureName.length - ext.length).toLowerCase()) ?? null;
}

/** Why a file that is not imported was skipped, for the job's report. */
export function skipReason(name: string, kind: FileKind): { code: string; message: string } {
  const ext = extname(name).toLowerCase() || '(no extension)';
  if (kind === 'unsupported-picture') {
    return { code: 'UNSUPPORTED_FORMAT', message: `${ext} pictures cannot be read yet; convert it to JPEG, PNG or WebP to import it.` };
  }
  if (kind === 'archive') {
    return { code: 'NOT_A_PICTURE', message: 'Archives inside archives are not unpacked; extract it and import what it holds.' };
  }
  return { code: 'NOT_A_PICTURE', message: `Skipped: ${ext} files are not pictures.` };
}

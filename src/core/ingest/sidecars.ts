import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CAPTION_EXTS } from './file-kinds';

/** Caption sidecars beside pictures on disk (`photo.jpg` + `photo.txt` or `photo.caption`). */

/** Normalises a caption file's text: BOM and surrounding whitespace go. */
export function captionText(raw: string): string {
  return raw.replace(/^\uFEFF/, '').trim();
}

/** The sidecar of a picture, when one exists. */
export function siblingCaption(picture: string): string | null {
  const stem = picture.slice(0, picture.length - extname(picture).length);
  for (const ext of CAPTION_EXTS) if (existsSync(stem + ext)) return stem + ext;
  return null;
}

/** A sidecar's caption; null when it cannot be read (that costs the caption, not the picture). */
export async function readSidecar(path: string): Promise<string | null> {
  try {
    return captionText(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

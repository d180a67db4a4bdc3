import { join } from 'node:path';
import type { Db } from '../store';

/** Renditions: downscaled copies of a picture for the grid (preview) and the viewer (medium), stored once per
 * content hash under <dataDir>/renditions/, so identical files, in any dataset, share them. */

export const RENDITION_SIDES = { preview: 512, medium: 1280 } as const;
export type RenditionKind = keyof typeof RENDITION_SIDES;

/** Opaque pictures become JPEG (small, fast); pictures with an alpha channel become WebP, which keeps it. */
export type RenditionExt = 'jpg' | 'webp';

export interface RenditionRecord {
  sha256: string;
  kind: RenditionKind;
  /** Relative to the data folder, with '/' separators. */
  path: string;
  width: number;
  height: number;
}

/** Where a rendition lives, relative to the data folder: fanned out by the first two hex digits. */
export function renditionRelPath(sha256: string, kind: RenditionKind, ext: RenditionExt): string {
  return `renditions/${sha256.slice(0, 2)}/${sha256}-${kind}.${ext}`;
}

export function renditionAbsPath(dataDir: string, relPath: string): string {
  return join(dataDir, ...relPath.split('/'));
}

/** Records renditions (idempotent: a re-render of the same content replaces the row). Call inside the caller's transaction. */
export function recordRenditions(db: Db, rows: readonly RenditionRecord[]): void {
  if (!rows.length) return;
  const put = db.prepare('INSERT OR REPLACE INTO renditions (sha256, kind, path, width, height) VALUES (?, ?, ?, ?, ?)');
  for (const r of rows) put.run(r.sha256, r.kind, r.path, r.width, r.height);
}

export function getRenditions(db: Db, sha256: string): RenditionRecord[] {
  return db.prepare('SELECT sha256, kind, path, width, height FROM renditions WHERE sha256 = ? ORDER BY kind').all(sha256) as RenditionRecord[];
}

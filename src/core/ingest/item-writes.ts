import { sep } from 'node:path';
import { recordRenditions, type ItemError, type ProbeResult } from '../media';
import type { Db } from '../store';

/** Writes what ingest learnt about one file into the dataset. Callers wrap it in their transaction. */

export interface ScannedFile {
  datasetId: number;
  rootId: number;
  relPath: string;
  absPath: string;
  probe: ProbeResult;
  /** Text of a caption sidecar, or null when there is none. */
  caption: string | null;
  /** A new file with the same content as an existing item: true records it as an error item (a watched folder,
   * where nobody else would say why it did not appear); false leaves it out (an import reports it itself). */
  keepDuplicates: boolean;
}

export type WriteResult =
  | { itemId: number; status: 'ready' | 'error'; duplicateOf: string | null }
  | { itemId: null; status: 'duplicate'; duplicateOf: string };

export function duplicateError(keptRelPath: string): ItemError {
  return { code: 'DUPLICATE', message: `Same picture as "${keptRelPath}", which is already in the dataset; not imported twice.` };
}

export function writeScannedFile(db: Db, f: ScannedFile): WriteResult {
  const p = f.probe;
  let error = p.error;
  let duplicateOf: string | null = null;
  let existing = db.prepare('SELECT id FROM items WHERE dataset_id = ? AND abs_path = ?').pluck().get(f.datasetId, f.absPath) as number | undefined;

  if (!error && p.sha256) {
    duplicateOf = db
      .prepare(`SELECT rel_path FROM items WHERE dataset_id = ? AND sha256 = ? AND abs_path != ? AND status IN ('ready','pending') ORDER BY id LIMIT 1`)
      .pluck()
      .get(f.datasetId, p.sha256, f.absPath) as string | null ?? null;
    if (duplicateOf !== null) {
      if (existing === undefined && !f.keepDuplicates) return { itemId: null, status: 'duplicate', duplicateOf };
      error = duplicateError(duplicateOf);
    } else if (existing === undefined) {
      // A missing item with this content was moved or renamed: it takes the new path and keeps its caption and tags.
      existing = db
        .prepare(`SELECT id FROM items WHERE dataset_id = ? AND sha256 = ? AND status = 'missing' ORDER BY id LIMIT 1`)
        .pluck()
        .get(f.datasetId, p.sha256) as number | undefined;
    }
  }

  const values = [
    f.rootId, f.relPath, f.absPath, p.sha256, p.byteSize, p.width, p.height, p.format, p.orientation, p.mtimeMs,
    error ? 'error' : 'ready', error?.code ?? null, error?.message ?? null, new Date().toISOString(),
  ];
  let itemId: number;
  if (existing !== undefined) {
    db.prepare(`UPDATE items SET root_id = ?, rel_path = ?, abs_path = ?, sha256 = ?, byte_size = ?, width = ?, height = ?, format = ?,
        orientation = ?, mtime_ms = ?, status = ?, error_code = ?, error = ?, updated_at = ? WHERE id = ?`).run(...values, existing);
    itemId = existing;
  } else {
    itemId = db
      .prepare(`INSERT INTO items (root_id, rel_path, abs_path, sha256, byte_size, width, height, format, orientation, mtime_ms,
          status, error_code, error, updated_at, dataset_id) VALUES (${values.map(() => '?').join(', ')}, ?) RETURNING id`)
      .pluck()
      .get(...values, f.datasetId) as number;
  }
  recordRenditions(db, p.renditions);
  if (f.caption !== null) setImportedCaption(db, itemId, f.caption);
  return { itemId, status: error ? 'error' : 'ready', duplicateOf };
}

/** A sidecar's caption replaces an earlier imported one, never one the user (or a captioner) wrote. */
export function setImportedCaption(db: Db, itemId: number, text: string): void {
  db.prepare(`INSERT INTO captions (item_id, text, source, updated_at) VALUES (?, ?, 'import', ?)
      ON CONFLICT (item_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at WHERE captions.source = 'import'`)
    .run(itemId, text, new Date().toISOString());
}

/** The bounds of every string starting with `prefix` ([lo, hi)), so a prefix search uses the abs_path index. */
export function prefixRange(prefix: string): [string, string] {
  const last = prefix.charCodeAt(prefix.length - 1);
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(last + 1)];
}

/** Items whose file lies in `folder` (at any depth). */
export function itemsUnder(db: Db, datasetId: number, folder: string): { id: number; abs_path: string }[] {
  const [lo, hi] = prefixRange(folder.endsWith(sep) ? folder : folder + sep);
  return db
    .prepare(`SELECT id, abs_path FROM items WHERE dataset_id = ? AND abs_path >= ? AND abs_path < ? AND status != 'missing'`)
    .all(datasetId, lo, hi) as { id: number; abs_path: string }[];
}

/** Marks the items of files that disappeared; their captions and tags stay in case the files come back. */
export function markMissing(db: Db, datasetId: number, ids: number[]): void {
  const put = db.prepare(`UPDATE items SET status = 'missing', updated_at = ? WHERE id = ? AND dataset_id = ?`);
  const now = new Date().toISOString();
  for (const id of ids) put.run(now, id, datasetId);
}

import type { Db } from '../store';
import type { ExportItem } from './kohya-plan';

interface Row {
  id: number;
  rel_path: string;
  abs_path: string;
  status: ExportItem['status'];
  error_code: string | null;
  error: string | null;
  role: ExportItem['role'];
  pair_key: string | null;
  caption: string | null;
  tags: string | null;
}

// Tags are joined with the unit separator, which no tag contains, so a tag holding a comma survives.
const SEP = '\u001f';

/** Every item of a dataset with its caption and tags, as the kohya export plans them. */
export function readExportItems(db: Db, datasetId: number): ExportItem[] {
  const rows = db
    .prepare(`SELECT i.id, i.rel_path, i.abs_path, i.status, i.error_code, i.error, i.role, i.pair_key, c.text AS caption,
        (SELECT group_concat(t.tag, char(31) ORDER BY t.position, t.tag) FROM tags t WHERE t.item_id = i.id) AS tags
      FROM items i LEFT JOIN captions c ON c.item_id = i.id
      WHERE i.dataset_id = ?`)
    .all(datasetId) as Row[];
  return rows.map((r) => ({
    id: r.id,
    relPath: r.rel_path,
    absPath: r.abs_path,
    status: r.status,
    errorCode: r.error_code,
    error: r.error,
    role: r.role,
    pairKey: r.pair_key,
    caption: r.caption,
    tags: r.tags ? r.tags.split(SEP) : [],
  }));
}

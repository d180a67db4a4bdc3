import type { ItemFilter, ItemSummary } from '../../shared/contract';

/** Builds the WHERE clause and ORDER BY of an item listing. Pure: unit-tested without a database. */
export interface ItemQuery {
  where: string;
  params: unknown[];
  orderBy: string;
}

const SORT_COLUMNS: Record<string, string> = {
  name: 'i.rel_path COLLATE NOCASE',
  date: 'i.mtime_ms',
  size: 'i.byte_size',
  resolution: '(i.width * i.height)',
};

/** Escapes LIKE wildcards so a user's "100%" or "a_b" match literally. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function buildItemQuery(datasetId: number, filter: ItemFilter, sort: string, desc: boolean): ItemQuery {
  const clauses = ['i.dataset_id = ?', "i.status != 'missing'"];
  const params: unknown[] = [datasetId];
  switch (filter.status) {
    case 'ready':
      clauses.push("i.status = 'ready'");
      break;
    case 'error':
      clauses.push("i.status = 'error'");
      break;
    case 'uncaptioned':
      clauses.push("NOT EXISTS (SELECT 1 FROM captions c WHERE c.item_id = i.id AND c.text != '')");
      break;
    case 'untagged':
      clauses.push('NOT EXISTS (SELECT 1 FROM tags t WHERE t.item_id = i.id)');
      break;
    default:
      break;
  }
  if (filter.tag) {
    clauses.push('EXISTS (SELECT 1 FROM tags t WHERE t.item_id = i.id AND t.tag = ?)');
    params.push(filter.tag);
  }
  const text = filter.text?.trim();
  if (text) {
    const p = likePattern(text);
    // Tags are matched through the (small) tag vocabulary first, so the scan is over distinct tags, not all rows.
    clauses.push(`(lower(i.rel_path) LIKE ? ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM captions c WHERE c.item_id = i.id AND lower(c.text) LIKE ? ESCAPE '\\')
      OR i.id IN (SELECT t.item_id FROM tags t WHERE t.tag IN (SELECT DISTINCT tag FROM tags WHERE lower(tag) LIKE ? ESCAPE '\\')))`);
    params.push(p, p, p);
  }
  const col = SORT_COLUMNS[sort] ?? SORT_COLUMNS.name!;
  const dir = desc ? 'DESC' : 'ASC';
  return { where: clauses.join(' AND '), params, orderBy: `${col} ${dir}, i.id ${dir}` };
}

export interface ItemSummaryRow {
  id: number;
  dataset_id: number;
  rel_path: string;
  abs_path: string;
  media: ItemSummary['media'];
  role: ItemSummary['role'];
  status: ItemSummary['status'];
  error_code: string | null;
  error: string | null;
  byte_size: number | null;
  width: number | null;
  height: number | null;
  format: string | null;
  sha256: string | null;
  mtime_ms: number | null;
  caption: string | null;
  tag_count: number;
}

export const ITEM_SUMMARY_COLUMNS = `i.id, i.dataset_id, i.rel_path, i.abs_path, i.media, i.role, i.status, i.error_code, i.error,
  i.byte_size, i.width, i.height, i.format, i.sha256, i.mtime_ms,
  (SELECT c.text FROM captions c WHERE c.item_id = i.id) AS caption,
  (SELECT COUNT(*) FROM tags t WHERE t.item_id = i.id) AS tag_count`;

export function toItemSummary(r: ItemSummaryRow): ItemSummary {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    relPath: r.rel_path,
    absPath: r.abs_path,
    media: r.media,
    role: r.role,
    status: r.status,
    errorCode: r.error_code,
    error: r.error,
    byteSize: r.byte_size,
    width: r.width,
    height: r.height,
    format: r.format,
    sha256: r.sha256,
    mtimeMs: r.mtime_ms,
    caption: r.caption,
    tagCount: r.tag_count,
  };
}

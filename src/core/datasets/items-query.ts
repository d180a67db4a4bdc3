import type { ItemFilter, ItemSummary } from '../../shared/contract';

/** Builds the SQL of an item listing. Pure: unit-tested without a database, run on real SQLite in the repo tests.
 * The shapes lean on core-002-listing: covering per-sort indexes, item and tag counts kept by triggers (tag_counts
 * is also each dataset's tag vocabulary), the has_caption flag, tagged_items and the item_search trigram index. */
export interface ItemQuery {
  /** Over `items i`: every filter but the text one. */
  where: string;
  params: unknown[];
  orderBy: string;
  /** One statement whose single value is the number of matching items, from the kept counts or an index-only
   * count; null when the filter has no such shortcut: then counting costs as much as listing, and the caller counts
   * the listed ids. */
  countSql: string | null;
  countParams: unknown[];
  /** With a text filter: statements each listing (as column `id`) items of any dataset that match the text; an
   * item matches when one of them lists it. Null without text. */
  textCandidates: { sql: string; params: unknown[] }[] | null;
}

/** What the repository knows cheaply about the data, so that the query starts from the smaller side. */
export interface ItemQueryHints {
  /** Share (0..1) of the dataset's items carrying filter.tag. */
  tagShare?: number;
}

/** Above this share of the dataset, a page of a tag filter walks the sort order and probes each item's tags (it
 * finds a page of matches quickly); below it, and for full listings, the query starts from the tag's items. */
export const TAG_WALK_SHARE = 0.03;

/** Substring searches this long or longer use the trigram index; shorter ones scan names and captions. */
export const TRIGRAM_MIN_CHARS = 3;

const SORT_COLUMNS: Record<string, string> = {
  // The same expressions as the items_list_* indexes, so that the index gives the order.
  name: 'i.rel_path COLLATE NOCASE',
  date: 'i.mtime_ms',
  size: 'i.byte_size',
  resolution: '(i.width * i.height)',
};

/** Escapes LIKE wildcards so a user's "100%" or "a_b" match literally. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 string literal: the whole text as one phrase, which the trigram tokenizer matches as a substring. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Parses what `group_concat(id)` returns (null for no rows). */
export function parseIdList(list: string | null): number[] {
  return list ? list.split(',').map(Number) : [];
}

function statusClause(status: ItemFilter['status'], col: string): string | null {
  switch (status) {
    case 'ready':
      return `${col}status = 'ready'`;
    case 'error':
      return `${col}status = 'error'`;
    case 'uncaptioned':
      return `${col}has_caption = 0`;
    case 'untagged':
      return `NOT EXISTS (SELECT 1 FROM tagged_items x WHERE x.dataset_id = ${col}dataset_id AND x.item_id = ${col}id)`;
    default:
      return null;
  }
}

/** Name or caption contains the text (trigram index), or one of the item's tags does (found through the
 * dataset's tag vocabulary, so the scan is over distinct tags, not tag rows). Case-insensitive. */
function textCandidates(datasetId: number, text: string): { sql: string; params: unknown[] }[] {
  const like = likePattern(text);
  const named = [...text].length >= TRIGRAM_MIN_CHARS
    ? { sql: 'SELECT rowid AS id FROM item_search WHERE item_search MATCH ?', params: [ftsPhrase(text)] }
    : { sql: `SELECT rowid AS id FROM item_search WHERE name LIKE ? ESCAPE '\\' OR caption LIKE ? ESCAPE '\\'`, params: [like, like] };
  const tagged = {
    sql: `SELECT t.item_id AS id FROM tags t WHERE t.tag IN (
      SELECT v.tag FROM tag_counts v WHERE v.dataset_id = ? AND v.n > 0 AND v.tag LIKE ? ESCAPE '\\')`,
    params: [datasetId, like],
  };
  return [named, tagged];
}

/** The ORDER BY of a listing over `items i`: the sort's index expression, then the id. */
export function itemOrder(sort: string, desc: boolean): string {
  const col = SORT_COLUMNS[sort] ?? SORT_COLUMNS.name!;
  const dir = desc ? 'DESC' : 'ASC';
  return `${col} ${dir}, i.id ${dir}`;
}

export function buildItemQuery(datasetId: number, filter: ItemFilter, sort: string, desc: boolean, hints: ItemQueryHints = {}): ItemQuery {
  const where = ['i.dataset_id = ?', "i.status != 'missing'"];
  const params: unknown[] = [datasetId];
  const status = statusClause(filter.status, 'i.');
  if (status) where.push(status);
  const text = filter.text?.trim() || null;
  const tag = filter.tag;
  if (tag) {
    // Only a page (the one case with a kept count: no text, no status) stops early, so only a page may walk.
    const pageOnly = !text && filter.status === 'all';
    where.push(pageOnly && (hints.tagShare ?? 0) >= TAG_WALK_SHARE
      ? 'EXISTS (SELECT 1 FROM tags t WHERE t.item_id = i.id AND t.tag = ?)'
      : 'i.id IN (SELECT t.item_id FROM tags t WHERE t.tag = ?)');
    params.push(tag);
  }

  let countSql: string | null = null;
  let countParams: unknown[] = [];
  // Tagged items of the dataset whose file is missing (few: found through the status index) are taken off counts.
  const missingTagged = (tagTest: string) => `(SELECT COUNT(*) FROM items i WHERE i.dataset_id = ? AND i.status = 'missing'
      AND EXISTS (SELECT 1 FROM tags t WHERE t.item_id = i.id${tagTest}))`;
  if (!text && !tag && filter.status === 'untagged') {
    countSql = `SELECT (SELECT COALESCE(SUM(n), 0) FROM item_counts WHERE dataset_id = ? AND status != 'missing')
      - (SELECT COUNT(*) FROM tagged_items WHERE dataset_id = ?) + ${missingTagged('')}`;
    countParams = [datasetId, datasetId, datasetId];
  } else if (!text && !tag) {
    const flag = statusClause(filter.status, '');
    countSql = `SELECT COALESCE(SUM(n), 0) FROM item_counts WHERE dataset_id = ? AND status != 'missing'${flag ? ` AND ${flag}` : ''}`;
    countParams = [datasetId];
  } else if (!text && tag && filter.status === 'all') {
    countSql = `SELECT COALESCE((SELECT n FROM tag_counts WHERE dataset_id = ? AND tag = ?), 0) - ${missingTagged(' AND t.tag = ?')}`;
    countParams = [datasetId, tag, datasetId, tag];
  }

  return {
    where: where.join(' AND '),
    params,
    orderBy: itemOrder(sort, desc),
    countSql,
    countParams,
    textCandidates: text ? textCandidates(datasetId, text) : null,
  };
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

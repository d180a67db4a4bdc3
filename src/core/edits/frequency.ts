import type { TagCount } from '../../shared/contract';
import { likePattern } from '../datasets';
import type { Db } from '../store';

export interface FrequencyQuery {
  datasetId: number;
  itemIds?: number[];
  query?: string;
  limit: number;
}

/** Tags by the number of items carrying them. With a query (autocomplete), tags starting with it come first.
 * A whole dataset reads its kept counts (tag_counts, maintained by the store's triggers), so the tag list of a
 * 100,000-item dataset costs a small index scan; a selection counts its own items' rows. */
export function tagFrequency(db: Db, q: FrequencyQuery): { distinct: number; tags: TagCount[] } {
  const text = q.query?.trim().toLowerCase();
  const params: unknown[] = [q.datasetId];
  let from: string;
  if (q.itemIds) {
    from = `FROM tags t JOIN items i ON i.id = t.item_id
      WHERE i.dataset_id = ? AND i.status != 'missing' AND t.item_id IN (SELECT value FROM json_each(?))`;
    params.push(JSON.stringify(q.itemIds));
    if (text) {
      from += " AND lower(t.tag) LIKE ? ESCAPE '\\'";
      params.push(likePattern(text));
    }
    from += ' GROUP BY t.tag';
  } else {
    from = 'FROM tag_counts t WHERE t.dataset_id = ? AND t.n > 0';
    if (text) {
      from += " AND lower(t.tag) LIKE ? ESCAPE '\\'";
      params.push(likePattern(text));
    }
  }
  const count = q.itemIds ? 'COUNT(*)' : 't.n';
  // All groups are needed to order them anyway; counting them here saves a second pass for `distinct`.
  const prefixFirst = text ? `CASE WHEN lower(t.tag) LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, ` : '';
  const rows = db
    .prepare(`SELECT t.tag AS tag, ${count} AS count ${from} ORDER BY ${prefixFirst}count DESC, t.tag`)
    .all(...params, ...(text ? [likePattern(text).slice(1)] : [])) as TagCount[];
  return { distinct: rows.length, tags: rows.slice(0, q.limit) };
}

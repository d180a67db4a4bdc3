import type { TagCount } from '../../shared/contract';
import { likePattern } from '../datasets';
import type { Db } from '../store';

export interface FrequencyQuery {
  datasetId: number;
  itemIds?: number[];
  query?: string;
  limit: number;
}

/** Tags by the number of items carrying them. With a query (autocomplete), tags starting with it come first. */
export function tagFrequency(db: Db, q: FrequencyQuery): { distinct: number; tags: TagCount[] } {
  const where = ['i.dataset_id = ?', "i.status != 'missing'"];
  const params: unknown[] = [q.datasetId];
  if (q.itemIds) {
    where.push('t.item_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.itemIds));
  }
  const text = q.query?.trim().toLowerCase();
  if (text) {
    where.push("lower(t.tag) LIKE ? ESCAPE '\\'");
    params.push(likePattern(text));
  }
  const from = `FROM tags t JOIN items i ON i.id = t.item_id WHERE ${where.join(' AND ')}`;
  const distinct = db.prepare(`SELECT COUNT(DISTINCT t.tag) ${from}`).pluck().get(...params) as number;
  const prefixFirst = text ? `CASE WHEN lower(t.tag) LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, ` : '';
  const orderParams = text ? [likePattern(text).slice(1)] : [];
  const tags = db
    .prepare(`SELECT t.tag, COUNT(*) AS count ${from} GROUP BY t.tag ORDER BY ${prefixFirst}count DESC, t.tag LIMIT ?`)
    .all(...params, ...orderParams, q.limit) as TagCount[];
  return { distinct, tags };
}

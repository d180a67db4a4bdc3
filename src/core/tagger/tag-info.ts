import type { EnrichedTag, TagCategory, TagTableRow } from '../../shared/contract';
import type { Db } from '../store';
import { likePattern } from '../datasets';
import { categoryOf, displayTag, tagKey } from './select';
import type { ScoreStore } from './score-store';

/** tagKey → {category, post count} over the vocabularies of the models that scored the dataset's items.
 * The first model listed wins a tag both know. */
export function tagFacts(scores: ScoreStore, modelIds: string[]): Map<string, { category: TagCategory; postCount: number }> {
  const m = new Map<string, { category: TagCategory; postCount: number }>();
  for (const id of modelIds) {
    const v = scores.vocab(id);
    v.names.forEach((name, i) => {
      const k = tagKey(name);
      if (!m.has(k)) m.set(k, { category: categoryOf(v.codes[i]!), postCount: v.postCounts[i]! });
    });
  }
  return m;
}

interface CountRow {
  tag: string;
  count: number;
  mean: number | null;
  model_count: number;
}

/** Per-tag counts over the dataset, optionally narrowed to tags containing `search` (case-insensitive). */
export function datasetTagCounts(db: Db, datasetId: number, search: string): CountRow[] {
  const text = search.trim();
  return db
    .prepare(`SELECT t.tag, COUNT(*) AS count, AVG(t.score) AS mean, SUM(t.source != 'manual') AS model_count
      FROM tags t JOIN items i ON i.id = t.item_id
      WHERE i.dataset_id = ? AND i.status != 'missing' ${text ? `AND lower(t.tag) LIKE ? ESCAPE '\\'` : ''}
      GROUP BY t.tag`)
    .all(...(text ? [datasetId, likePattern(text)] : [datasetId])) as CountRow[];
}

const CATEGORY_ORDER: Record<string, number> = { character: 0, copyright: 1, artist: 2, general: 3, meta: 4, rating: 5, other: 6 };

export function tagTable(
  rows: CountRow[],
  facts: Map<string, { category: TagCategory }>,
  sort: 'tag' | 'count' | 'score' | 'category',
  desc: boolean,
): TagTableRow[] {
  const out: TagTableRow[] = rows.map((r) => ({
    tag: r.tag,
    category: facts.get(tagKey(r.tag))?.category ?? null,
    count: r.count,
    meanScore: r.mean,
    modelCount: r.model_count,
  }));
  const dir = desc ? -1 : 1;
  const key: Record<typeof sort, (a: TagTableRow, b: TagTableRow) => number> = {
    tag: (a, b) => a.tag.localeCompare(b.tag),
    count: (a, b) => a.count - b.count,
    score: (a, b) => (a.meanScore ?? -1) - (b.meanScore ?? -1),
    category: (a, b) => (CATEGORY_ORDER[a.category ?? 'other'] ?? 9) - (CATEGORY_ORDER[b.category ?? 'other'] ?? 9),
  };
  return out.sort((a, b) => dir * key[sort](a, b) || b.count - a.count || a.tag.localeCompare(b.tag));
}

export interface Suggestion {
  tag: string;
  category: TagCategory | null;
  count: number;
  postCount: number;
}

/**
 * Tags containing the query (case-insensitive, `_` and space alike): the dataset's tags ranked by how many
 * items carry them, then the models' vocabularies by Danbooru post count. Tags starting with the query come
 * before tags merely containing it at equal count.
 */
export function autocomplete(
  counts: CountRow[],
  facts: Map<string, { category: TagCategory; postCount: number }>,
  vocabNames: Iterable<string>,
  query: string,
  limit: number,
): Suggestion[] {
  const q = tagKey(query);
  const seen = new Map<string, Suggestion>();
  for (const r of counts) {
    const k = tagKey(r.tag);
    if (!k.includes(q)) continue;
    const f = facts.get(k);
    seen.set(k, { tag: r.tag, category: f?.category ?? null, count: r.count, postCount: f?.postCount ?? 0 });
  }
  for (const name of vocabNames) {
    const k = tagKey(name);
    if (seen.has(k) || !k.includes(q)) continue;
    const f = facts.get(k);
    seen.set(k, { tag: displayTag(name, { underscores: 'space', escapeParens: false }), category: f?.category ?? null, count: 0, postCount: f?.postCount ?? 0 });
  }
  const starts = (s: Suggestion): number => (tagKey(s.tag).startsWith(q) ? 0 : 1);
  return [...seen.values()]
    .sort((a, b) => b.count - a.count || b.postCount - a.postCount || starts(a) - starts(b) || a.tag.localeCompare(b.tag))
    .slice(0, limit);
}

export function enrichTags(rows: Omit<EnrichedTag, 'category'>[], facts: Map<string, { category: TagCategory }>): EnrichedTag[] {
  return rows.map((r) => ({ ...r, category: facts.get(tagKey(r.tag))?.category ?? null }));
}

import type { EnrichedTag, TagCategory, TagTableRow } from '../../shared/contract';
import type { Db } from '../store';
import { likePattern } from '../datasets';
import { categoryOf, displayTag, tagKey, type Vocab } from './select';
import type { ScoreStore } from './score-store';

export interface TagFact {
  category: TagCategory;
  postCount: number;
}

/** One vocabulary's tags as the tag tools look them up: by tagKey, and as listed for autocomplete. */
interface VocabFacts {
  byKey: Map<string, TagFact>;
  entries: { key: string; tag: string; fact: TagFact }[];
}

const perVocab = new WeakMap<Vocab, VocabFacts>();

/** Worked out once per vocabulary (10,000 tags: tens of ms), then kept while the vocabulary object lives. */
function vocabFacts(v: Vocab): VocabFacts {
  let f = perVocab.get(v);
  if (f) return f;
  f = { byKey: new Map(), entries: [] };
  for (let i = 0; i < v.names.length; i++) {
    const name = v.names[i]!;
    const key = tagKey(name);
    if (f.byKey.has(key)) continue;
    const fact = { category: categoryOf(v.codes[i]!), postCount: v.postCounts[i]! };
    f.byKey.set(key, fact);
    f.entries.push({ key, tag: displayTag(name, { underscores: 'space', escapeParens: false }), fact });
  }
  perVocab.set(v, f);
  return f;
}

/** tagKey → category and post count over the vocabularies of the given models; the first model listed wins a
 * tag several know. */
export function tagFacts(scores: ScoreStore, modelIds: string[]): { get(key: string): TagFact | undefined } {
  const maps = modelIds.map((id) => vocabFacts(scores.vocab(id)).byKey);
  if (maps.length === 1) return maps[0]!;
  return { get: (key) => maps.reduce<TagFact | undefined>((hit, m) => hit ?? m.get(key), undefined) };
}

export interface CountRow {
  tag: string;
  count: number;
  mean: number | null;
  model_count: number;
}

/** Per-tag counts over the dataset, from the kept tag_counts (no pass over the tag rows), optionally narrowed
 * to tags containing `search` (case-insensitive). Counts items whatever their status, as the tag list does. */
export function datasetTagCounts(db: Db, datasetId: number, search: string): CountRow[] {
  const text = search.trim();
  return db
    .prepare(`SELECT tag, n AS count, CASE WHEN scored > 0 THEN score_sum / scored END AS mean, model_n AS model_count
      FROM tag_counts WHERE dataset_id = ? AND n > 0 ${text ? `AND lower(tag) LIKE ? ESCAPE '\\'` : ''}`)
    .all(...(text ? [datasetId, likePattern(text)] : [datasetId])) as CountRow[];
}

const CATEGORY_ORDER: Record<string, number> = { character: 0, copyright: 1, artist: 2, general: 3, meta: 4, rating: 5, other: 6 };

export function tagTable(
  rows: CountRow[],
  facts: { get(key: string): { category: TagCategory } | undefined },
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
export function autocomplete(scores: ScoreStore, modelIds: string[], counts: CountRow[], query: string, limit: number): Suggestion[] {
  const q = tagKey(query);
  if (!q) return [];
  const facts = tagFacts(scores, modelIds);
  const seen = new Map<string, Suggestion>();
  for (const r of counts) {
    const k = tagKey(r.tag);
    if (!k.includes(q)) continue;
    const f = facts.get(k);
    seen.set(k, { tag: r.tag, category: f?.category ?? null, count: r.count, postCount: f?.postCount ?? 0 });
  }
  for (const id of modelIds) {
    for (const e of vocabFacts(scores.vocab(id)).entries) {
      if (!e.key.includes(q) || seen.has(e.key)) continue;
      seen.set(e.key, { tag: e.tag, category: e.fact.category, count: 0, postCount: e.fact.postCount });
    }
  }
  const starts = (s: Suggestion): number => (tagKey(s.tag).startsWith(q) ? 0 : 1);
  return [...seen.values()]
    .sort((a, b) => b.count - a.count || b.postCount - a.postCount || starts(a) - starts(b) || a.tag.localeCompare(b.tag))
    .slice(0, limit);
}

export function enrichTags(rows: Omit<EnrichedTag, 'category'>[], facts: { get(key: string): { category: TagCategory } | undefined }): EnrichedTag[] {
  return rows.map((r) => ({ ...r, category: facts.get(tagKey(r.tag))?.category ?? null }));
}

import { AppError } from '../../shared/errors';
import type { ItemDetail, ItemFilter, ItemRecord, ItemSummary, ItemTag } from '../../shared/contract';
import { nowIso, type Db } from '../store';
import {
  buildItemQuery, ITEM_SUMMARY_COLUMNS, itemOrder, parseIdList, toItemSummary, type ItemQuery, type ItemQueryHints, type ItemSummaryRow,
} from './items-query';
import { FIELD_SEP, ITEM_SEP, type TextHits } from './text-index';
import type { TextIndexes } from './text-indexes';

export interface ItemRepoTuning {
  /** Up to this many text candidates SQLite looks them up and sorts them; beyond, the sorted walk is cheaper. */
  fewTextCandidates?: number;
}

/** Reads items (listing pages, detail) and writes the basic per-item edits. */
export class ItemRepo {
  private readonly fewTextCandidates: number;

  /** With `texts`, a text filter is answered from the dataset's in-memory index once it is built. */
  constructor(
    private readonly db: Db,
    tuning: ItemRepoTuning = {},
    private readonly texts: TextIndexes | null = null,
  ) {
    this.fewTextCandidates = tuning.fewTextCandidates ?? 5000;
  }

  /** Resolves once the dataset's text index is built; at once without indexes. */
  async warmTextIndex(datasetId: number): Promise<void> {
    await this.texts?.warm(datasetId);
  }

  list(datasetId: number, filter: ItemFilter, sort: string, desc: boolean, offset: number, limit: number): { total: number; items: ItemSummary[] } {
    const hits = this.textHits(datasetId, filter);
    if (hits) {
      const ids = offset >= hits.count ? [] : this.hitIds(datasetId, hits, sort, desc, offset + limit);
      return { total: hits.count, items: this.summaries(ids.slice(offset, offset + limit)) };
    }
    const q = buildItemQuery(datasetId, filter, sort, desc, this.hints(datasetId, filter));
    if (q.countSql === null) {
      // No kept count fits this filter: counting would cost a full listing, so list the ids once and count those.
      const ids = this.matchingIds(q);
      return { total: ids.length, items: this.summaries(ids.slice(offset, offset + limit)) };
    }
    const total = this.db.prepare(q.countSql).pluck().get(...q.countParams) as number;
    if (offset >= total) return { total, items: [] };
    // The page's ids first (an index walk), then the summary columns for those rows only: computed over every
    // match before the sort, they would cost as much as the whole filter.
    const rows = this.db
      .prepare(`SELECT ${ITEM_SUMMARY_COLUMNS} FROM items i
        WHERE i.id IN (SELECT i.id FROM items i WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?)
        ORDER BY ${q.orderBy}`)
      .all(...q.params, limit, offset) as ItemSummaryRow[];
    return { total, items: rows.map(toItemSummary) };
  }

  ids(datasetId: number, filter: ItemFilter, sort: string, desc: boolean): number[] {
    const hits = this.textHits(datasetId, filter);
    if (hits) return this.hitIds(datasetId, hits, sort, desc, Infinity);
    return this.matchingIds(buildItemQuery(datasetId, filter, sort, desc, this.hints(datasetId, filter)));
  }

  /** Every matching id in order. A text filter is applied here: its candidates (names and captions from the
   * trigram index, items of the matching tags) are read once as id lists and put in order by inListingOrder. */
  private matchingIds(q: ItemQuery): number[] {
    if (!q.textCandidates) return this.db.prepare(`SELECT i.id FROM items i WHERE ${q.where} ORDER BY ${q.orderBy}`).pluck().all(...q.params) as number[];
    const lists = q.textCandidates.map((c) =>
      parseIdList(this.db.prepare(`SELECT group_concat(id) FROM (${c.sql})`).pluck().get(...c.params) as string | null));
    return this.inListingOrder(q.where, q.params, q.orderBy, lists.flat(), Infinity);
  }

  /** The first `upTo` of the candidates (any order, repeats allowed) that pass `where`, in listing order: few are
   * looked up and sorted by SQLite; many are picked off the sort's index walk against a bitmap, which stops once
   * it has `upTo`. */
  private inListingOrder(where: string, params: unknown[], orderBy: string, candidates: ArrayLike<number>, upTo: number): number[] {
    if (candidates.length === 0) return [];
    if (candidates.length <= this.fewTextCandidates) {
      return this.db
        .prepare(`SELECT i.id FROM items i WHERE ${where} AND i.id IN (SELECT value FROM json_each(?)) ORDER BY ${orderBy} LIMIT ?`)
        .pluck()
        .all(...params, JSON.stringify(Array.from(candidates)), Number.isFinite(upTo) ? upTo : -1) as number[];
    }
    let max = 0;
    for (let k = 0; k < candidates.length; k++) max = Math.max(max, candidates[k]!);
    const hit = new Uint8Array(max + 1);
    for (let k = 0; k < candidates.length; k++) hit[candidates[k]!] = 1;
    const out: number[] = [];
    const walk = this.db.prepare(`SELECT i.id FROM items i WHERE ${where} ORDER BY ${orderBy}`).pluck();
    for (const id of walk.iterate(...params) as IterableIterator<number>) {
      if (hit[id] !== 1) continue;
      out.push(id);
      if (out.length >= upTo) break;
    }
    return out;
  }

  /** The text index's answer, when there is a text filter and the dataset's index is built. A listing without
   * one gets the index built for the search that usually follows. */
  private textHits(datasetId: number, filter: ItemFilter): TextHits | null {
    const text = filter.text?.trim();
    if (!this.texts) return null;
    if (!text) {
      this.texts.prepare(datasetId);
      return null;
    }
    // The index separates items and fields with these two characters, so a text holding them goes to SQL.
    if (text.includes(ITEM_SEP) || text.includes(FIELD_SEP)) return null;
    return this.texts.current(datasetId)?.query({ text, status: filter.status, tag: filter.tag }) ?? null;
  }

  /** The first `upTo` hits of the text index in listing order (the index applied every filter). */
  private hitIds(datasetId: number, hits: TextHits, sort: string, desc: boolean, upTo: number): number[] {
    return this.inListingOrder("i.dataset_id = ? AND i.status != 'missing'", [datasetId], itemOrder(sort, desc), hits.ids, upTo);
  }

  /** Summaries of the given items, in the given order. */
  private summaries(ids: number[]): ItemSummary[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT ${ITEM_SUMMARY_COLUMNS} FROM items i WHERE i.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as ItemSummaryRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [toItemSummary(r)] : [];
    });
  }

  /** A read of the kept counts (core-002-listing) that chooses the shape of a tag filter. */
  private hints(datasetId: number, filter: ItemFilter): ItemQueryHints {
    if (!filter.tag) return {};
    const items = this.db
      .prepare(`SELECT COALESCE(SUM(n), 0) FROM item_counts WHERE dataset_id = ? AND status != 'missing'`)
      .pluck()
      .get(datasetId) as number;
    const tagged = this.db.prepare('SELECT n FROM tag_counts WHERE dataset_id = ? AND tag = ?').pluck().get(datasetId, filter.tag) as number | undefined;
    return { tagShare: items > 0 ? (tagged ?? 0) / items : 0 };
  }

  get(id: number): ItemDetail {
    const row = this.db
      .prepare(`SELECT ${ITEM_SUMMARY_COLUMNS}, i.orientation, c.source AS caption_source, c.updated_at AS caption_updated_at
        FROM items i LEFT JOIN captions c ON c.item_id = i.id WHERE i.id = ?`)
      .get(id) as (ItemSummaryRow & { orientation: number | null; caption_source: string | null; caption_updated_at: string | null }) | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no item ${id}.`);
    const tags = this.db
      .prepare('SELECT tag, source, score, position FROM tags WHERE item_id = ? ORDER BY position, tag')
      .all(id) as ItemTag[];
    return {
      ...toItemSummary(row),
      orientation: row.orientation,
      captionSource: row.caption_source,
      captionUpdatedAt: row.caption_updated_at,
      tags,
    };
  }

  /** A page of every item of a dataset, whatever its status, in name order, each with its tags: one statement.
   * The page's ids are sorted first: sorting rows with their columns computed would compute them (tags and all)
   * for every item of the dataset, seconds a page at 100,000 items. */
  all(datasetId: number, offset: number, limit: number): ItemRecord[] {
    const order = 'i.rel_path COLLATE NOCASE, i.id';
    const rows = this.db
      .prepare(`SELECT ${ITEM_SUMMARY_COLUMNS},
          (SELECT json_group_array(json_object('tag', t.tag, 'source', t.source, 'score', t.score, 'position', t.position))
            FROM (SELECT tag, source, score, position FROM tags WHERE item_id = i.id ORDER BY position, tag) t) AS tags_json
        FROM items i WHERE i.id IN (SELECT i.id FROM items i WHERE i.dataset_id = ? ORDER BY ${order} LIMIT ? OFFSET ?)
        ORDER BY ${order}`)
      .all(datasetId, limit, offset) as (ItemSummaryRow & { tags_json: string })[];
    return rows.map((r) => ({ ...toItemSummary(r), tags: JSON.parse(r.tags_json) as ItemTag[] }));
  }

  datasetOf(id: number): number {
    const ds = this.db.prepare('SELECT dataset_id FROM items WHERE id = ?').pluck().get(id) as number | undefined;
    if (ds === undefined) throw new AppError('NOT_FOUND', `There is no item ${id}.`);
    return ds;
  }

  setCaption(id: number, text: string, source = 'manual'): void {
    this.datasetOf(id);
    this.db
      .prepare(`INSERT INTO captions (item_id, text, source, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (item_id) DO UPDATE SET text = excluded.text, source = excluded.source, updated_at = excluded.updated_at`)
      .run(id, text, source, nowIso());
  }
}

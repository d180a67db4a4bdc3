import { AppError } from '../../shared/errors';
import type { ItemDetail, ItemFilter, ItemSummary, ItemTag } from '../../shared/contract';
import { nowIso, type Db } from '../store';
import { buildItemQuery, ITEM_SUMMARY_COLUMNS, toItemSummary, type ItemSummaryRow } from './items-query';

/** Reads items (listing pages, detail) and writes the basic per-item edits. */
export class ItemRepo {
  constructor(private readonly db: Db) {}

  list(datasetId: number, filter: ItemFilter, sort: string, desc: boolean, offset: number, limit: number): { total: number; items: ItemSummary[] } {
    const q = buildItemQuery(datasetId, filter, sort, desc);
    const total = this.db.prepare(`SELECT COUNT(*) FROM items i WHERE ${q.where}`).pluck().get(...q.params) as number;
    const rows = this.db
      .prepare(`SELECT ${ITEM_SUMMARY_COLUMNS} FROM items i WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`)
      .all(...q.params, limit, offset) as ItemSummaryRow[];
    return { total, items: rows.map(toItemSummary) };
  }

  ids(datasetId: number, filter: ItemFilter, sort: string, desc: boolean): number[] {
    const q = buildItemQuery(datasetId, filter, sort, desc);
    return this.db.prepare(`SELECT i.id FROM items i WHERE ${q.where} ORDER BY ${q.orderBy}`).pluck().all(...q.params) as number[];
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

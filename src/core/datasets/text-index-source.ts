import type { Db } from '../store';
import { packTextIndex, type ItemText, type TextIndexData } from './text-index';

type ItemRow = [id: number, datasetId: number, status: string, hasCaption: number, relPath: string, caption: string | null];

const ITEM_COLUMNS = 'i.id, i.dataset_id, i.status, i.has_caption, i.rel_path, c.text FROM items i LEFT JOIN captions c ON c.item_id = i.id';

const toItemText = (r: ItemRow): ItemText => ({ id: r[0], status: r[2], hasCaption: r[3] === 1, relPath: r[4], caption: r[5], tags: [] });

/** The newest text_changes seq (0 before any; pruning keeps the newest rows, so it never goes back). */
export function logHead(db: Db): number {
  return db.prepare('SELECT COALESCE(MAX(seq), 0) FROM text_changes').pluck().get() as number;
}

/** A dataset's listed items, each of its tags' items, and the log position they reflect: one read transaction.
 * A tag's items are read as one JSON array from the (tag, item) index, far cheaper than a row per tag row. */
export function readTextIndexData(db: Db, datasetId: number): TextIndexData {
  return db.transaction(() => {
    const cursor = logHead(db);
    const rows = db.prepare(`SELECT ${ITEM_COLUMNS} WHERE i.dataset_id = ? AND i.status != 'missing' ORDER BY i.id`).raw().all(datasetId) as ItemRow[];
    const tags = db
      .prepare('SELECT v.tag, (SELECT json_group_array(t.item_id) FROM tags t WHERE t.tag = v.tag) FROM tag_counts v WHERE v.dataset_id = ?')
      .raw()
      .all(datasetId) as [string, string][];
    return packTextIndex(cursor, rows.map(toItemText), tags.map(([tag, ids]) => [tag, JSON.parse(ids) as number[]]));
  })();
}

/** The current state of the given items for one dataset's index: `listed` in it, `gone` from it. */
export function readItemTexts(db: Db, datasetId: number, ids: number[]): { listed: ItemText[]; gone: number[] } {
  const json = JSON.stringify(ids);
  const rows = db.prepare(`SELECT ${ITEM_COLUMNS} WHERE i.id IN (SELECT value FROM json_each(?))`).raw().all(json) as ItemRow[];
  const listed = rows.filter((r) => r[1] === datasetId && r[2] !== 'missing').map(toItemText);
  const byId = new Map(listed.map((it) => [it.id, it]));
  for (const [id, tag] of db.prepare('SELECT item_id, tag FROM tags WHERE item_id IN (SELECT value FROM json_each(?))').raw().all(json) as [number, string][]) {
    byId.get(id)?.tags.push(tag);
  }
  return { listed, gone: ids.filter((id) => !byId.has(id)) };
}

/** Log rows past which catching up reads more than a rebuild would. */
const MAX_LOG_ROWS = 200_000;

/** The items of one dataset's index changed after `cursor` up to the log head: those now in the dataset, and
 * those the index holds (`held`: gone or moved away). Changes to other datasets' items are passed over, so an
 * import elsewhere does not cost this index a rebuild. Null when the index cannot catch up: the log was pruned
 * past it, or more than `max` of its items (or MAX_LOG_ROWS log rows) changed, when a rebuild is cheaper. */
export function changesSince(db: Db, datasetId: number, cursor: number, max: number, held: (id: number) => boolean): { head: number; ids: number[] } | null {
  const pruned = (db.prepare('SELECT upto FROM text_changes_pruned').pluck().get() as number | undefined) ?? 0;
  if (cursor < pruned) return null;
  const head = logHead(db);
  if (head <= cursor) return { head, ids: [] };
  if (head - cursor > MAX_LOG_ROWS) return null;
  const rows = db
    .prepare('SELECT DISTINCT c.item_id, i.dataset_id FROM text_changes c LEFT JOIN items i ON i.id = c.item_id WHERE c.seq > ? AND c.seq <= ?')
    .raw()
    .all(cursor, head) as [number, number | null][];
  const ids = rows.filter(([id, ds]) => ds === datasetId || held(id)).map(([id]) => id);
  return ids.length > max ? null : { head, ids };
}

/** Keeps the newest `keep` log rows (at least one, which holds the head) once twice as many have piled up. */
export function pruneTextChanges(db: Db, keepRows: number): void {
  const keep = Math.max(1, keepRows);
  const oldest = db.prepare('SELECT MIN(seq) FROM text_changes').pluck().get() as number | null;
  const head = logHead(db);
  if (oldest === null || head - oldest < 2 * keep) return;
  db.transaction(() => {
    db.prepare('DELETE FROM text_changes WHERE seq <= ?').run(head - keep);
    db.prepare('INSERT INTO text_changes_pruned (one, upto) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET upto = excluded.upto').run(head - keep);
  })();
}

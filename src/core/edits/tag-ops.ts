import type Database from 'better-sqlite3';
import type { Db } from '../store';
import { sortTags, type TagDelta, type TagRow } from './tag-list';

type Stmt = Database.Statement<unknown[]>;

/**
 * The only module that writes user tag edits to the `tags` table (bulk edits, the item editor, undo and redo).
 * Rows keep their `source`: tags a user adds are 'manual'; model tags that a user merely reorders stay the
 * model's. Only a tag that leaves an item is deleted, so the store's triggers (the tagger's suppressions) see
 * exactly the user's removals.
 */

interface Statements {
  read: Stmt;
  del: Stmt;
  upsert: Stmt;
}

const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      read: db.prepare('SELECT tag, source, score, position FROM tags WHERE item_id = ?'),
      del: db.prepare('DELETE FROM tags WHERE item_id = ? AND tag = ?'),
      upsert: db.prepare(`INSERT INTO tags (item_id, tag, source, score, position) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (item_id, tag) DO UPDATE SET source = excluded.source, score = excluded.score, position = excluded.position`),
    };
    cache.set(db, s);
  }
  return s;
}

/** One item's tags in display order. */
export function readTags(db: Db, itemId: number): TagRow[] {
  return sortTags(statements(db).read.all(itemId) as TagRow[]);
}

/** Plays a delta forward (writes `after`) or back (restores `before`). Call inside a transaction. Only tags
 * leaving the item are deleted; the others are written in place (a reorder never looks like a removal to the
 * store's triggers), and writing over whatever is there keeps undo working after later changes. */
export function writeTagDelta(db: Db, itemId: number, delta: TagDelta, direction: 'forward' | 'back'): void {
  const s = statements(db);
  const target = direction === 'forward' ? delta.after : delta.before;
  const leaving = direction === 'forward' ? delta.before : delta.after;
  const kept = new Set(target.map((r) => r.tag));
  for (const r of leaving) if (!kept.has(r.tag)) s.del.run(itemId, r.tag);
  for (const r of target) s.upsert.run(itemId, r.tag, r.source, r.score, r.position);
}

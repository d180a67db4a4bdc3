import type Database from 'better-sqlite3';
import type { Db } from '../store';
import { nowIso } from '../store';

type Stmt = Database.Statement<unknown[]>;

/** An item's caption as the undo log keeps it; null means the item has none. */
export type CaptionSnap = { text: string; source: string } | null;

export interface CaptionDelta {
  before: CaptionSnap;
  after: CaptionSnap;
}

const cache = new WeakMap<Db, { read: Stmt; put: Stmt; del: Stmt }>();

function statements(db: Db) {
  let s = cache.get(db);
  if (!s) {
    s = {
      read: db.prepare('SELECT text, source FROM captions WHERE item_id = ?'),
      put: db.prepare(`INSERT INTO captions (item_id, text, source, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (item_id) DO UPDATE SET text = excluded.text, source = excluded.source, updated_at = excluded.updated_at`),
      del: db.prepare('DELETE FROM captions WHERE item_id = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

export function readCaption(db: Db, itemId: number): CaptionSnap {
  return (statements(db).read.get(itemId) as { text: string; source: string } | undefined) ?? null;
}

export function writeCaption(db: Db, itemId: number, snap: CaptionSnap): void {
  const s = statements(db);
  if (snap === null) s.del.run(itemId);
  else s.put.run(itemId, snap.text, snap.source, nowIso());
}

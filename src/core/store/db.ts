import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Migration } from './migrations';

export type Db = Database.Database;

/** Bytes the write-ahead log is cut back to when it starts over. */
export const WAL_SIZE_LIMIT = 16 * 2 ** 20;

/** Opens (creating if needed) the store: WAL for crash safety with concurrent readers, foreign keys on,
 * synchronous=NORMAL (durable in WAL mode across process crashes), then runs pending migrations. */
export function openDb(file: string, migrations: Migration[]): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Waits for another connection's write (the re-slice writer thread commits in chunks of tens of ms). A
  // transaction that reads before it writes must begin IMMEDIATE: a deferred one that meets that lock fails at
  // once with SQLITE_BUSY instead of waiting.
  db.pragma('busy_timeout = 5000');
  // A large write (the tagger's writer checkpoints once it is done, not at every 1000 pages) can grow the log to
  // tens of MB; the connection that starts it over truncates it back to this size.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, new Date().toISOString());
    })();
    applied.push(m.id);
  }
  return applied;
}

export function nowIso(): string {
  return new Date().toISOString();
}

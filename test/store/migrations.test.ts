import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreMigrations, migrate, openDb, WAL_SIZE_LIMIT } from '../../src/core/store';
import { tmpDir } from '../helpers/tmp';

describe('store', () => {
  it('opens in WAL mode with foreign keys and applies each migration once', () => {
    const file = join(tmpDir(), 's.db');
    const db = openDb(file, coreMigrations);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(migrate(db, coreMigrations)).toEqual([]);
    db.close();
    const again = openDb(file, coreMigrations);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(coreMigrations.length);
    again.close();
  });

  it('cuts the write-ahead log back to its size limit when it starts over after a checkpoint', () => {
    const file = join(tmpDir(), 'w.db');
    const db = openDb(file, []);
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE big (b BLOB)');
    const put = db.prepare('INSERT INTO big VALUES (zeroblob(?))');
    db.transaction(() => {
      for (let i = 0; i < 40; i++) put.run(2 ** 20);
    })();
    const wal = () => statSync(`${file}-wal`).size;
    expect(wal()).toBeGreaterThan(2 * WAL_SIZE_LIMIT);
    db.pragma('wal_checkpoint(PASSIVE)');
    db.prepare('DELETE FROM big').run();
    expect(wal()).toBeLessThanOrEqual(WAL_SIZE_LIMIT);
    db.close();
  });

  it('rolls back a failing migration whole, leaving earlier ones applied', () => {
    const file = join(tmpDir(), 'f.db');
    const db = new Database(file);
    const bad = [...coreMigrations, { id: 'x-001-bad', sql: 'CREATE TABLE ok_table (a); CREATE TABLE broken (' }];
    expect(() => migrate(db, bad)).toThrow();
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ok_table'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT id FROM schema_migrations').pluck().all()).toEqual(coreMigrations.map((m) => m.id));
    db.close();
  });

  it('cascades item rows when a dataset is deleted', () => {
    const db = openDb(join(tmpDir(), 'c.db'), coreMigrations);
    const ds = db.prepare("INSERT INTO datasets (name, kind) VALUES ('d', 'image')").run().lastInsertRowid;
    const item = db.prepare("INSERT INTO items (dataset_id, rel_path, abs_path) VALUES (?, 'a.png', '/x/a.png')").run(ds).lastInsertRowid;
    db.prepare("INSERT INTO tags (item_id, tag) VALUES (?, 'cat')").run(item);
    db.prepare("INSERT INTO captions (item_id, text) VALUES (?, 'a cat')").run(item);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(ds);
    for (const t of ['items', 'tags', 'captions']) expect(db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()).toBe(0);
    db.close();
  });
});

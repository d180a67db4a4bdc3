import type { Db } from '../store';

/** One import job's work list (table import_entries). */

export interface EntryRow {
  id: number;
  source: string;
  zip_entry: string;
  root_id: number;
  rel_path: string;
  dest: string;
  caption: string | null;
}

export interface NewPicture {
  source: string;
  zipEntry: string;
  rootId: number;
  relPath: string;
  dest: string;
  caption: string | null;
}

/** An import job's result: pictures found; of them ready, unchanged (already imported), failed (error items),
 * duplicates (not imported); and other files skipped (each in the job's file errors). */
export interface ImportSummary {
  pictures: number;
  ready: number;
  unchanged: number;
  failed: number;
  duplicates: number;
  skipped: number;
}

export type Outcome = 'ready' | 'error' | 'duplicate' | 'unchanged';

export class ImportEntries {
  constructor(
    private readonly db: Db,
    private readonly jobId: number,
  ) {}

  has(source: string, zipEntry: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM import_entries WHERE job_id = ? AND source = ? AND zip_entry = ?').get(this.jobId, source, zipEntry);
  }

  /** Whether any import (this one or another) already means to put a file at `dest`. */
  destTaken(dest: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM import_entries WHERE dest = ?').get(dest);
  }

  addPicture(p: NewPicture): void {
    this.db
      .prepare(`INSERT INTO import_entries (job_id, source, zip_entry, root_id, rel_path, dest, caption, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`)
      .run(this.jobId, p.source, p.zipEntry, p.rootId, p.relPath, p.dest, p.caption);
  }

  /** Records a skipped file; false when it was recorded before (a resumed walk finds it again). */
  addSkipped(source: string, zipEntry: string, code: string): boolean {
    return (
      this.db
        .prepare(`INSERT OR IGNORE INTO import_entries (job_id, source, zip_entry, status, outcome) VALUES (?, ?, ?, 'skipped', ?)`)
        .run(this.jobId, source, zipEntry, code).changes > 0
    );
  }

  pendingAfter(afterId: number, limit: number): EntryRow[] {
    return this.db
      .prepare(`SELECT id, source, zip_entry, root_id, rel_path, dest, caption FROM import_entries
        WHERE job_id = ? AND status = 'pending' AND id > ? ORDER BY id LIMIT ?`)
      .all(this.jobId, afterId, limit) as EntryRow[];
  }

  finish(id: number, outcome: Outcome, itemId: number | null): void {
    this.db.prepare(`UPDATE import_entries SET status = 'done', outcome = ?, item_id = ? WHERE id = ?`).run(outcome, itemId, id);
  }

  skip(id: number, code: string): void {
    this.db.prepare(`UPDATE import_entries SET status = 'skipped', outcome = ? WHERE id = ?`).run(code, id);
  }

  /** Pictures found and pictures finished so far. */
  counts(): { total: number; done: number } {
    return this.db
      .prepare(`SELECT COUNT(*) AS total, COALESCE(SUM(status != 'pending'), 0) AS done FROM import_entries
        WHERE job_id = ? AND dest IS NOT NULL`)
      .get(this.jobId) as { total: number; done: number };
  }

  /** How the files ended: the job's result. */
  summary(): ImportSummary {
    return this.db
      .prepare(`SELECT COALESCE(SUM(dest IS NOT NULL), 0) AS pictures,
          COALESCE(SUM(outcome = 'ready'), 0) AS ready,
          COALESCE(SUM(outcome = 'unchanged'), 0) AS unchanged,
          COALESCE(SUM(outcome = 'error'), 0) AS failed,
          COALESCE(SUM(outcome = 'duplicate'), 0) AS duplicates,
          COALESCE(SUM(status = 'skipped'), 0) AS skipped
        FROM import_entries WHERE job_id = ?`)
      .get(this.jobId) as ImportSummary;
  }

  clear(): void {
    this.db.prepare('DELETE FROM import_entries WHERE job_id = ?').run(this.jobId);
  }
}

/** Work lists of jobs that can no longer resume. */
export function dropSettledEntries(db: Db): void {
  db.prepare(`DELETE FROM import_entries WHERE job_id IN (SELECT id FROM jobs WHERE status IN ('done','failed','cancelled'))`).run();
}

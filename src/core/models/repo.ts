import type { Db } from '../store';
import { nowIso } from '../store';

export interface LocalModelRow {
  id: string;
  name: string;
  path: string;
  addedAt: string;
}

/** The models domain's tables: recorded file hashes and user-added model folders. */
export class ModelRepo {
  constructor(private readonly db: Db) {}

  recordedHash(repo: string, revision: string, file: string): { sha256: string; bytes: number } | undefined {
    return this.db
      .prepare('SELECT sha256, bytes FROM model_file_hashes WHERE repo = ? AND revision = ? AND file = ?')
      .get(repo, revision, file) as { sha256: string; bytes: number } | undefined;
  }

  /** Records a hash the first time a (repo, commit, file) is downloaded; an existing record is kept. */
  recordHash(repo: string, revision: string, file: string, sha256: string, bytes: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO model_file_hashes (repo, revision, file, sha256, bytes, recorded_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(repo, revision, file, sha256, bytes, nowIso());
  }

  localModels(): LocalModelRow[] {
    return this.db.prepare('SELECT id, name, path, added_at AS addedAt FROM local_models ORDER BY name').all() as LocalModelRow[];
  }

  localModel(id: string): LocalModelRow | undefined {
    return this.db.prepare('SELECT id, name, path, added_at AS addedAt FROM local_models WHERE id = ?').get(id) as LocalModelRow | undefined;
  }

  localModelByPath(path: string): LocalModelRow | undefined {
    return this.db.prepare('SELECT id, name, path, added_at AS addedAt FROM local_models WHERE path = ?').get(path) as LocalModelRow | undefined;
  }

  addLocalModel(id: string, name: string, path: string): LocalModelRow {
    this.db.prepare('INSERT INTO local_models (id, name, path, added_at) VALUES (?, ?, ?, ?)').run(id, name, path, nowIso());
    return this.localModel(id)!;
  }

  deleteLocalModel(id: string): boolean {
    return this.db.prepare('DELETE FROM local_models WHERE id = ?').run(id).changes > 0;
  }

  /** The queued, running or interrupted download job of a model, if any. */
  activeDownloadJob(modelId: string): number | null {
    const id = this.db
      .prepare(
        `SELECT id FROM jobs WHERE kind = 'model-download' AND status IN ('queued','running','interrupted')
         AND json_extract(params, '$.modelId') = ? ORDER BY id DESC LIMIT 1`,
      )
      .pluck()
      .get(modelId) as number | undefined;
    return id ?? null;
  }
}

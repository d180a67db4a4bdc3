import { AppError } from '../../shared/errors';
import type { Dataset } from '../../shared/contract';
import { nowIso, type Db } from '../store';

interface DatasetRow {
  id: number;
  name: string;
  kind: Dataset['kind'];
  settings: string;
  created_at: string;
  updated_at: string;
  item_count: number;
  error_count: number;
}

// From the counts kept by triggers (core-002-listing): items.list reads the dataset on every page.
const SELECT = `SELECT d.*,
  (SELECT COALESCE(SUM(n), 0) FROM item_counts c WHERE c.dataset_id = d.id AND c.status != 'missing') AS item_count,
  (SELECT COALESCE(SUM(n), 0) FROM item_counts c WHERE c.dataset_id = d.id AND c.status = 'error') AS error_count
FROM datasets d`;

/** Datasets and their source roots. */
export class DatasetRepo {
  constructor(private readonly db: Db) {}

  list(): Dataset[] {
    const rows = this.db.prepare(`${SELECT} ORDER BY d.name COLLATE NOCASE`).all() as DatasetRow[];
    return rows.map((r) => this.toDataset(r));
  }

  get(id: number): Dataset {
    const row = this.db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as DatasetRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no dataset ${id}.`);
    return this.toDataset(row);
  }

  findByName(name: string): Dataset | null {
    const row = this.db.prepare(`${SELECT} WHERE d.name = ? COLLATE NOCASE`).get(name) as DatasetRow | undefined;
    return row ? this.toDataset(row) : null;
  }

  create(name: string, kind: Dataset['kind']): Dataset {
    if (this.findByName(name)) throw new AppError('CONFLICT', `A dataset named "${name}" already exists.`, { datasetName: name });
    const info = this.db.prepare('INSERT INTO datasets (name, kind) VALUES (?, ?)').run(name, kind);
    return this.get(Number(info.lastInsertRowid));
  }

  rename(id: number, name: string): Dataset {
    const other = this.findByName(name);
    if (other && other.id !== id) throw new AppError('CONFLICT', `A dataset named "${name}" already exists.`, { datasetName: name });
    const r = this.db.prepare('UPDATE datasets SET name = ?, updated_at = ? WHERE id = ?').run(name, nowIso(), id);
    if (r.changes === 0) throw new AppError('NOT_FOUND', `There is no dataset ${id}.`);
    return this.get(id);
  }

  updateSettings(id: number, patch: Record<string, unknown>): Dataset {
    const cur = this.get(id);
    const next = { ...cur.settings, ...patch };
    this.db.prepare('UPDATE datasets SET settings = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(next), nowIso(), id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
  }

  /** Adds (or returns) a source root of a dataset. */
  addRoot(datasetId: number, path: string, mode: 'linked' | 'library', watch: boolean): number {
    this.db
      .prepare('INSERT INTO dataset_roots (dataset_id, path, mode, watch) VALUES (?, ?, ?, ?) ON CONFLICT (dataset_id, path) DO UPDATE SET watch = excluded.watch')
      .run(datasetId, path, mode, watch ? 1 : 0);
    return this.db.prepare('SELECT id FROM dataset_roots WHERE dataset_id = ? AND path = ?').pluck().get(datasetId, path) as number;
  }

  private toDataset(r: DatasetRow): Dataset {
    const roots = this.db
      .prepare('SELECT id, path, mode, watch FROM dataset_roots WHERE dataset_id = ? ORDER BY id')
      .all(r.id) as { id: number; path: string; mode: 'linked' | 'library'; watch: number }[];
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      roots: roots.map((x) => ({ ...x, watch: !!x.watch })),
      settings: JSON.parse(r.settings) as Record<string, unknown>,
      itemCount: r.item_count,
      errorCount: r.error_count,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}

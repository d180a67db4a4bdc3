import { tagSelectionSchema, type TagSelection } from '../../shared/contract';
import { nowIso, type Db } from '../store';

/** The selection each dataset uses for each model, and whether it has been applied to the tags. */
export class SelectionStore {
  constructor(private readonly db: Db) {}

  get(datasetId: number, modelId: string): TagSelection {
    const raw = this.db.prepare('SELECT settings FROM tagger_selections WHERE dataset_id = ? AND model_id = ?').pluck().get(datasetId, modelId) as
      | string
      | undefined;
    const parsed = tagSelectionSchema.safeParse(raw ? JSON.parse(raw) : {});
    return parsed.success ? parsed.data : tagSelectionSchema.parse({});
  }

  /** The settings (as stored) the dataset's rows of this model follow; null before the first apply. */
  applied(datasetId: number, modelId: string): string | null {
    const raw = this.db.prepare('SELECT settings FROM tagger_selections WHERE dataset_id = ? AND model_id = ? AND applied = 1').pluck().get(datasetId, modelId) as
      | string
      | undefined;
    return raw ?? null;
  }

  list(datasetId: number): { modelId: string; applied: boolean; selection: TagSelection }[] {
    const rows = this.db.prepare('SELECT model_id, applied FROM tagger_selections WHERE dataset_id = ?').all(datasetId) as {
      model_id: string;
      applied: number;
    }[];
    return rows.map((r) => ({ modelId: r.model_id, applied: r.applied === 1, selection: this.get(datasetId, r.model_id) }));
  }

  save(datasetId: number, modelId: string, selection: TagSelection, applied: boolean): void {
    this.db
      .prepare(`INSERT INTO tagger_selections (dataset_id, model_id, settings, applied, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (dataset_id, model_id) DO UPDATE SET settings = excluded.settings, applied = excluded.applied, updated_at = excluded.updated_at`)
      .run(datasetId, modelId, JSON.stringify(selection), applied ? 1 : 0, nowIso());
  }
}

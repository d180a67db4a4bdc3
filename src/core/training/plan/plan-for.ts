import type { PlanInput, PlanResult } from '../../../shared/contract/training';
import type { ItemSummary } from '../../../shared/contract';
import type { DatasetRepo, ItemRepo } from '../../datasets';
import { captionLine, conceptNameFrom } from '../../export';
import type { Db } from '../../store';
import { enginePython, type TrainingSettings } from '../engines-setup';
import { getModel, resolveValues } from '../registry';
import { planRun } from './planner';

export interface PlanContext {
  dataDir: string;
  db: Db;
  datasets: DatasetRepo;
  items: ItemRepo;
  settings: TrainingSettings;
}

const PAGE = 5000;

/** Every non-missing item of a dataset, in name order. */
export function allItems(items: ItemRepo, datasetId: number): ItemSummary[] {
  const out: ItemSummary[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = items.list(datasetId, { status: 'all' }, 'name', false, offset, PAGE);
    out.push(...page.items);
    if (out.length >= page.total || !page.items.length) return out;
  }
}

/** What each item trains on, exactly as the run's export will write it (the export's own caption rule). */
export function trainingTexts(ctx: PlanContext, datasetId: number, items: ItemSummary[], conceptName: string): Map<number, string> {
  const tags = new Map<number, string[]>();
  // In the export's tag order (position, then name).
  const rows = ctx.db
    .prepare('SELECT t.item_id, t.tag FROM tags t JOIN items i ON i.id = t.item_id WHERE i.dataset_id = ? ORDER BY t.item_id, t.position, t.tag')
    .all(datasetId) as { item_id: number; tag: string }[];
  for (const r of rows) tags.set(r.item_id, [...(tags.get(r.item_id) ?? []), r.tag]);
  return new Map(items.map((i) => [i.id, captionLine(i.caption, tags.get(i.id) ?? [], conceptName)]));
}

/** Plans a run from a contract request: the model's defaults, the global model paths, presets, the user's values. */
export function planFor(ctx: PlanContext, input: PlanInput & { values: NonNullable<PlanInput['values']> }, now?: Date): PlanResult {
  const dataset = ctx.datasets.get(input.datasetId);
  const spec = getModel(input.modelType);
  const engine = ctx.settings.engine(spec.engine);
  const values = resolveValues(spec, {
    preset: input.preset ?? null,
    memory: input.memoryPreset ?? null,
    paths: ctx.settings.pathsFor(spec),
    overrides: input.values,
  });
  const items = allItems(ctx.items, dataset.id);
  return planRun({
    dataset,
    items,
    texts: trainingTexts(ctx, dataset.id, items, conceptNameFrom(dataset.name)),
    spec,
    values,
    enginePath: engine.path,
    python: enginePython(engine),
    dataDir: ctx.dataDir,
    gpu: input.gpu ?? '0',
    now,
  });
}

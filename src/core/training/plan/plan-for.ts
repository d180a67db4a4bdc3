import type { PlanInput, PlanResult } from '../../../shared/contract/training';
import type { ItemSummary } from '../../../shared/contract';
import type { DatasetRepo, ItemRepo } from '../../datasets';
import { conceptNameFrom, planKohyaExport, readExportItems } from '../../export';
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
  return planRun({
    dataset,
    items: allItems(ctx.items, dataset.id),
    // What the run's export job will write, planned by the export itself (names, captions, control pairs).
    exportPlan: planKohyaExport(readExportItems(ctx.db, dataset.id), { conceptName: conceptNameFrom(dataset.name), controlPairs: dataset.kind === 'control-pair' }),
    spec,
    values,
    enginePath: engine.path,
    python: enginePython(engine),
    dataDir: ctx.dataDir,
    gpu: input.gpu ?? '0',
    now,
  });
}

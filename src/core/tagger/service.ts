import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tagSelectionSchema, type TagSelection } from '../../shared/contract';
import type { CoreContext } from '../app/context';
import { ModelManager } from '../models';
import type { ModelRef } from './model-ref';
import { PlanWriter } from './plan-writer';
import { readPreprocessConfig, type PreprocessRecipe } from './preprocess-config';
import type { LastApplied } from './reslice';
import { ScoreStore } from './score-store';
import { SelectionStore } from './selection-store';
import type { Vocab } from './select';
import { parseSelectedTags } from './vocab-csv';

/** The tagger's per-core state: stored scores (with their cache), saved selections, the re-slice writer. */
export class TaggerService {
  readonly scores: ScoreStore;
  readonly selections: SelectionStore;
  readonly writer: PlanWriter;
  /** The last write's selections per dataset and model (the most recent few). */
  readonly lastApplied = new Map<string, LastApplied>();

  constructor(readonly core: CoreContext) {
    this.scores = new ScoreStore(core.db);
    this.selections = new SelectionStore(core.db);
    this.writer = new PlanWriter(core);
  }

  /** A downloaded catalog model, a local model id, or a folder (registered as a local model when new). */
  resolveModel(spec: string): Promise<ModelRef> {
    return new ModelManager(this.core).resolve(spec);
  }

  /** The model's own preprocessing, for models that ship a config (null: the WD recipe). */
  readRecipe(m: ModelRef): PreprocessRecipe | null {
    return m.preprocess.kind === 'config' ? readPreprocessConfig(join(m.dir, m.preprocess.file)) : null;
  }

  private readonly queues = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued before it under the same key. */
  serially<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const run = prev.then(task, task);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  readVocab(tagsPath: string): Vocab {
    return parseSelectedTags(readFileSync(tagsPath, 'utf8'), tagsPath);
  }

  /** The saved selection, or the defaults (with the model's own thresholds when it has them). */
  selectionFor(datasetId: number, modelId: string, thresholds?: ModelRef['thresholds']): TagSelection {
    if (this.selections.list(datasetId).some((s) => s.modelId === modelId)) return this.selections.get(datasetId, modelId);
    return tagSelectionSchema.parse(thresholds ? { general: thresholds.general, character: thresholds.character } : {});
  }
}

const services = new WeakMap<CoreContext['db'], TaggerService>();

export function taggerService(core: CoreContext): TaggerService {
  let s = services.get(core.db);
  if (!s) services.set(core.db, (s = new TaggerService(core)));
  return s;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tagSelectionSchema, type TagSelection } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../app/context';
import { folderModelRef, looksLikePath, TAGS_FILE, type ModelRef } from './model-ref';
import { ScoreStore } from './score-store';
import { SelectionStore } from './selection-store';
import type { Vocab } from './select';
import { parseSelectedTags } from './vocab-csv';

/** Finds a model by id (catalog or registered local model); null when unknown. Set by the models domain. */
export type ModelLookup = (id: string) => ModelRef | null | Promise<ModelRef | null>;

/** The tagger's per-core state: stored scores (with their cache) and saved selections. */
export class TaggerService {
  readonly scores: ScoreStore;
  readonly selections: SelectionStore;
  lookup: ModelLookup | null = null;

  constructor(readonly core: CoreContext) {
    this.scores = new ScoreStore(core.db);
    this.selections = new SelectionStore(core.db);
  }

  async resolveModel(spec: string): Promise<ModelRef> {
    if (looksLikePath(spec)) return folderModelRef(spec);
    const found = this.lookup ? await this.lookup(spec) : null;
    if (found) return found;
    throw new AppError('NOT_FOUND', `There is no downloaded tagger model "${spec}". Download it first, or give a folder holding model.onnx and selected_tags.csv.`);
  }

  readVocab(dir: string): Vocab {
    const file = join(dir, TAGS_FILE);
    return parseSelectedTags(readFileSync(file, 'utf8'), file);
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

// WD tagging: preprocessing and inference pipelined in worker threads, stored scores, tag selection as pure
// functions re-slicing the dataset without inference, and the dataset tag tools.
import type { CoreContext } from '../app/context';
import { registerTagJob } from './job';
import { taggerService } from './service';

export * from './select';
export { parseSelectedTags } from './vocab-csv';
export { keepScores, encodeScores, decodeScores, SCORE_FLOOR } from './scores-codec';
export { preprocessImage, squarePadding, rgbToBgrFloat, type Prepared } from './preprocess';
export { runPipeline, type PipelineItem, type PipelineStages, type ScoredItem, type FailedItem } from './pipeline';
export { startEngine, type TaggerEngine, type EngineOptions } from './engine';
export { sliceDataset, planReslice, previewSelection, type LastApplied, type Planned } from './reslice';
export { writePlan, type WritePlan, type WriteResult } from './reslice-write';
export { applySelection, type ApplyResult } from './apply';
export { taggerMigrations } from './migrations';
export { taggerHandlers } from './handlers';
export { taggerService, TaggerService } from './service';
export type { ModelRef } from './model-ref';
export { TAG_JOB, type TagJobParams } from './job';
export { ScoreStore, type DatasetScores } from './score-store';

export function registerTaggerJobs(core: CoreContext): void {
  registerTagJob(core, taggerService(core));
}

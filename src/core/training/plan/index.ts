export { planRun, TENSORBOARD_FLUSH_SECS, type PlannerInput } from './planner';
export { planFor, allItems, trainingTexts, type PlanContext } from './plan-for';
export { preflight } from './preflight';
export { launchPreflight } from './launch';
export { runLayout, slug, type RunLayout } from './layout';
export { runExport, EXPORT_REPEATS, type RunExport } from './dataset-config';
export { samplePromptsFile } from './prompts';

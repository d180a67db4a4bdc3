export { planRun, tomlIssue, TENSORBOARD_FLUSH_SECS, type PlannerInput } from './planner';
export { planFor, allItems, type PlanContext } from './plan-for';
export { preflight, type PreflightFacts } from './preflight';
export { launchPreflight, prepareLaunch } from './launch';
export { cacheFileStem, cacheRoot, evictCacheFolders, reuseCachedItems, CACHE_MANIFEST, type CacheManifest } from './cache-reuse';
export { runLayout, slug, type RunLayout } from './layout';
export { runExport, EXPORT_REPEATS, type RunExport } from './dataset-config';
export { samplePromptsFile } from './prompts';

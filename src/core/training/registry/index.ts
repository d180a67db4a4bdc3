export { MODELS, getModel, modelParams, formParams, defaultValues, modelSummary } from './registry';
export { resolveValues, checkValues, parseSetArgs, parseValue, findPreset, type ValueLayers } from './values';
export { stepArgs, possibleFlags } from './argv';
export { ENGINES, TENSORBOARD, type EnginePin } from './engines';
export { FAMILIES, type FamilyId } from './families';
export type { ModelSpec, Preset, PlanIssue, MemoryPresetId } from './types';
export { WHERE } from './places';

import { AppError } from '../../../shared/errors';
import { paramGroups, type ModelSummary, type ParamSpec, type ParamValues } from '../../../shared/contract/training-params';
import { MUSUBI_MODELS } from './models-musubi';
import { SD_SCRIPTS_MODELS } from './models-sd-scripts';
import type { ModelSpec } from './types';

export const MODELS: readonly ModelSpec[] = [...MUSUBI_MODELS, ...SD_SCRIPTS_MODELS];

export function getModel(type: string): ModelSpec {
  const spec = MODELS.find((m) => m.type === type);
  if (!spec) throw new AppError('NOT_FOUND', `Unknown model type "${type}". Known types: ${MODELS.map((m) => m.type).join(', ')}.`);
  return spec;
}

/** The model's parameters with its tweaks applied (its defaults, option lists and limits). */
export function modelParams(spec: ModelSpec): ParamSpec[] {
  return spec.params.map((p) => {
    const t = spec.tweaks?.[p.key];
    return t ? { ...p, ...t } : p;
  });
}

/** User-facing parameters in form order: by group, then as declared. */
export function formParams(spec: ModelSpec): ParamSpec[] {
  const visible = modelParams(spec).filter((p) => !p.internal);
  return paramGroups.flatMap((g) => visible.filter((p) => p.group === g));
}

export function defaultValues(spec: ModelSpec): ParamValues {
  return Object.fromEntries(modelParams(spec).map((p) => [p.key, p.default]));
}

export function modelSummary(spec: ModelSpec): ModelSummary {
  const brief = ({ id, label, help }: { id: string; label: string; help: string }) => ({ id, label, help });
  return {
    type: spec.type,
    title: spec.title,
    description: spec.description,
    engine: spec.engine,
    family: spec.family,
    datasetKinds: spec.datasetKinds,
    presets: spec.presets.map(brief),
    memoryPresets: Object.values(spec.memoryPresets).map(brief),
  };
}

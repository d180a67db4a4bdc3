import type { Dataset } from '../../../shared/contract';
import type { PlanIssueShape } from '../../../shared/contract/training-issues';
import type { EngineId, ParamSpec, ParamValues } from '../../../shared/contract/training-params';

export type MemoryPresetId = 'low' | 'medium' | 'high';

export interface Preset {
  id: string;
  label: string;
  help: string;
  values: ParamValues;
}

/** A problem found before launch, by cause: `key` names the parameter to fix when there is one. */
export type PlanIssue = PlanIssueShape;

/** A registered model type: how Atelier trains a LoRA for it with one engine. */
export interface ModelSpec {
  type: string;
  title: string;
  description: string;
  engine: EngineId;
  /** Models of one family share the family-scoped model paths (VAE, text encoders). */
  family: string;
  datasetKinds: Dataset['kind'][];
  /** Script paths relative to the engine folder. sd-scripts caches inside training, so it has no cache scripts. */
  scripts: { train: string; cacheLatents?: string; cacheTextEncoder?: string };
  networkModule: string;
  /** The parameters this model uses, each declared once in a shared library (params-*.ts, families.ts). */
  params: ParamSpec[];
  /** This model's defaults and limits for shared parameters (a documented learning rate, a block-swap maximum). */
  tweaks?: Record<string, Partial<Pick<ParamSpec, 'default' | 'options' | 'min' | 'max' | 'required' | 'help'>>>;
  presets: Preset[];
  memoryPresets: Record<MemoryPresetId, Preset>;
  /** Values that follow from the user's values: `--i2v` for an image-to-video Wan task, no CLIP for a text-to-video one. */
  derive?(values: ParamValues): ParamValues;
  /** The engine's own rules over the values (checked before launch): each broken one with its fix. */
  check?(values: ParamValues): PlanIssue[];
  /** Edit/Kontext models learn from (target, control) pairs: the dataset must provide control images. */
  needsControl: boolean;
  /** Video models take target_frames / frame_extraction in their dataset config. */
  video: boolean;
  /** musubi-tuner restarts its step/epoch counters on --resume (see training-engines.md, "Resume caveat"). */
  countersResetOnResume: boolean;
}

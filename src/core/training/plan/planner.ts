import { join } from 'node:path';
import { stringify } from 'smol-toml';
import type { Dataset, ItemSummary } from '../../../shared/contract';
import { isAppError } from '../../../shared/errors';
import type { KohyaPlan, TomlProblem } from '../../export';
import type { PlanResult } from '../../../shared/contract/training';
import type { ParamValues, StepName } from '../../../shared/contract/training-params';
import { accelerateFor, SCRUBBED_ENV, stepVariables } from '../engines-setup';
import { modelParams, stepArgs, type ModelSpec, type PlanIssue } from '../registry';
import { withStopShim } from '../supervisor';
import type { RunPlan, RunStep } from '../supervisor/types';
import { fileIdentity, fingerprint } from './cache-key';
import { CACHE_MANIFEST, cachedItemInputs, cacheFolder, type CacheManifest } from './cache-reuse';
import { datasetToml, runExport } from './dataset-config';
import { runLayout, slug } from './layout';
import { preflight } from './preflight';
import { samplePromptsFile } from './prompts';

/** TensorBoard's SummaryWriter flushes every 120 s by default; the charts want seconds (accelerate passes the
 * [tensorboard] table of --log_tracker_config to it as keyword arguments). */
export const TENSORBOARD_FLUSH_SECS = 5;

export interface PlannerInput {
  dataset: Dataset;
  /** The dataset's items (ready ones are trained on). */
  items: ItemSummary[];
  /** What the run's export will write (the export's own plan): the file names musubi names its cache files after,
   * and the captions; it keys the caches. */
  exportPlan: KohyaPlan;
  spec: ModelSpec;
  /** Resolved values (resolveValues): defaults, paths, presets and the user's values. */
  values: ParamValues;
  enginePath: string | null;
  python: string | null;
  dataDir: string;
  gpu: string;
  now?: Date;
}

/** A dataset TOML problem as a pre-flight issue: its cause, with the TOML path among its details. */
export function tomlIssue(p: TomlProblem): PlanIssue {
  return { severity: p.severity, code: p.code, details: { ...p.details, path: p.path }, message: `Dataset config${p.path ? ` ${p.path}` : ''}: ${p.message}` };
}

/** A run from a dataset and a model's values: the files to write, every command, and the pre-flight issues.
 * Pure apart from reading the file system (what exists, model file sizes for cache keys). */
export function planRun(input: PlannerInput): PlanResult {
  const { spec, dataset } = input;
  const values: ParamValues = { ...input.values, ...spec.derive?.(input.values) };
  if (values.output_name == null || values.output_name === '') values.output_name = slug(dataset.name);
  const layout = runLayout(input.dataDir, `${dataset.name}-${spec.type}`, input.now ?? new Date());
  const engineDir = input.enginePath ?? `<${spec.engine} folder>`;
  const python = input.python ?? `<${spec.engine} python>`;

  // A cache folder holds one item set under settings that change the tensors (cache-reuse.ts): what reaches the
  // cache commands (model files by size and date) and the dataset settings that shape the pictures, not batch sizes
  // or repeats. A finished cache step is skipped for as long as its folder exists.
  const tensorToml = Object.fromEntries(modelParams(spec).filter((p) => p.toml && !p.cacheNeutral && values[p.key] != null).map((p) => [p.toml!, values[p.key]!]));
  const stepInputs = (step: StepName) =>
    Object.fromEntries(
      modelParams(spec)
        .filter((p) => p.key !== 'dataset_config' && !p.cacheNeutral && p.cli.some((m) => m.steps.includes(step)))
        .map((p) => [p.key, p.path ? fileIdentity(values[p.key]) : values[p.key] ?? null]),
    );
  const video = dataset.kind === 'video';
  const settings = fingerprint({ model: spec.type, kind: dataset.kind, latents: stepInputs('cache_latents'), text: stepInputs('cache_text_encoder_outputs'), dataset: tensorToml });
  const manifest: CacheManifest = { settings, ...cachedItemInputs(input.exportPlan.images, input.items), video };
  const cacheDir = cacheFolder(input.dataDir, spec.type, manifest);
  const latentKey = fingerprint({ cacheDir, step: 'cache_latents', items: manifest.latents });
  const textKey = fingerprint({ cacheDir, step: 'cache_text_encoder_outputs', items: manifest.text });

  const prompts = typeof values.sample_prompts === 'string' ? samplePromptsFile(values.sample_prompts) : null;
  const internal: ParamValues = {
    dataset_config: layout.datasetToml,
    output_dir: layout.outputDir,
    logging_dir: layout.loggingDir,
    log_with: 'tensorboard',
    log_tracker_config: layout.trackerConfig,
    sample_prompts_path: prompts ? layout.samplePrompts : null,
    network_module: spec.networkModule,
    save_model_as: 'safetensors',
    cache_latents: true,
    console_log_simple: true,
    skip_existing: true,
  };
  const all = { ...values, ...internal };

  // The export's TOML writer refuses what the engine would (e.g. frame counts not N*4+1): pre-flight errors, one
  // per problem, each by its cause and TOML path.
  const exp = runExport(layout.exportDir, dataset.name, dataset.kind === 'control-pair');
  let tomlIssues: PlanIssue[] = [];
  let toml = '';
  try {
    toml = datasetToml(spec, values, exp, cacheDir, dataset.kind === 'video');
  } catch (err) {
    if (!isAppError(err, 'INVALID_INPUT')) throw err;
    tomlIssues = ((err.details as { problems?: TomlProblem[] } | undefined)?.problems ?? []).map(tomlIssue);
  }
  const files: Record<string, string> = {
    [layout.datasetToml]: toml,
    [layout.trackerConfig]: stringify({ tensorboard: { flush_secs: TENSORBOARD_FLUSH_SECS } }),
  };
  if (prompts) files[layout.samplePrompts] = prompts;
  if (spec.scripts.cacheLatents || spec.scripts.cacheTextEncoder) files[join(cacheDir, CACHE_MANIFEST)] = `${JSON.stringify(manifest, null, 1)}\n`;

  const steps: RunStep[] = [];
  const script = (s: string) => join(engineDir, s);
  const env = stepVariables(input.gpu);
  if (spec.scripts.cacheLatents) {
    steps.push({ name: 'cache_latents', kind: 'cache', argv: [python, script(spec.scripts.cacheLatents), ...stepArgs(spec, all, 'cache_latents')], env, cwd: engineDir, cacheKey: latentKey, cacheDir });
  }
  if (spec.scripts.cacheTextEncoder) {
    steps.push({ name: 'cache_text_encoder_outputs', kind: 'cache', argv: [python, script(spec.scripts.cacheTextEncoder), ...stepArgs(spec, all, 'cache_text_encoder_outputs')], env, cwd: engineDir, cacheKey: textKey, cacheDir });
  }
  const mixed = typeof values.mixed_precision === 'string' ? values.mixed_precision : 'bf16';
  steps.push({
    name: 'train',
    kind: 'train',
    // through Atelier's launch shim, which adds a stop that saves the state (the script sees its own argv)
    argv: withStopShim([input.python ? accelerateFor(input.python) : `<${spec.engine} accelerate>`, 'launch', '--num_cpu_threads_per_process', '1', '--mixed_precision', mixed, script(spec.scripts.train), ...stepArgs(spec, all, 'train')]),
    env,
    cwd: engineDir,
    train: {
      outputDir: layout.outputDir,
      outputName: String(values.output_name),
      loggingDir: layout.loggingDir,
      sampleDir: layout.sampleDir,
      maxTrainSteps: typeof values.max_train_steps === 'number' ? values.max_train_steps : null,
      maxTrainEpochs: typeof values.max_train_epochs === 'number' ? values.max_train_epochs : null,
      countersResetOnResume: spec.countersResetOnResume,
    },
  });

  const plan: RunPlan = { title: `${spec.type} · ${dataset.name}`, engine: spec.engine, modelType: spec.type, datasetId: dataset.id, steps, files, gpu: input.gpu };
  const issues = [
    ...preflight({ spec, values, dataset, items: input.items, enginePath: input.enginePath, python: input.python, accelerate: input.python ? accelerateFor(input.python) : null, conceptName: exp.conceptName }),
    ...tomlIssues,
  ];
  return { plan, issues, values, runDir: layout.runDir, exportDir: layout.exportDir, conceptName: exp.conceptName, unsetEnv: SCRUBBED_ENV };
}

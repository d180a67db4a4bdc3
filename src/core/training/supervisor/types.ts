/** What a planner hands the supervisor: an ordered list of commands plus the files they read.
 * Plain JSON (it is stored with the run), so a run can be re-launched or resumed after a restart. */

export type RunStepKind = 'preflight' | 'cache' | 'train';

/** One command of a run. */
export interface RunStep {
  /** Unique within the plan, e.g. 'preflight', 'cache_latents', 'cache_text_encoder_outputs', 'train'. */
  name: string;
  kind: RunStepKind;
  /** argv[0] is the program (the engine venv's python, or its accelerate), the rest its arguments, exactly as run. */
  argv: string[];
  /** Variables set on top of the supervisor's scrubbed environment (it adds PYTHONUNBUFFERED, PYTHONUTF8,
   * PYTHONIOENCODING and CUDA_VISIBLE_DEVICES itself and removes PYTHONPATH, CONDA_*, PIP_*). */
  env: Record<string, string>;
  /** Working directory (the engine's folder). */
  cwd: string;
  /** Cache steps only: a fingerprint of everything the cache depends on (model files, resolution, dataset
   * content...). The step is skipped when a step with the same key completed before and cacheDir still exists. */
  cacheKey?: string;
  cacheDir?: string;
  /** Training step only: where the engine writes what the supervisor watches. */
  train?: TrainOutputs;
}

export interface TrainOutputs {
  /** --output_dir: checkpoints `<outputName>-000001.safetensors`, `-step00000100`, state folders `...-state`. */
  outputDir: string;
  /** --output_name */
  outputName: string;
  /** --logging_dir: TensorBoard event files are found anywhere below it. */
  loggingDir: string;
  /** Sample images (`<outputDir>/sample`). */
  sampleDir: string;
  /** --max_train_steps / --max_train_epochs as passed (null when not passed); used for resume accounting. */
  maxTrainSteps: number | null;
  maxTrainEpochs: number | null;
  /** musubi-tuner restarts global_step and epoch at 0 on --resume (sd-scripts continues from the state's
   * train_state.json). When true the supervisor shortens --max_train_steps/epochs to what is left on resume.
   * Either way it maps each launch's counters onto the run's axis and suffixes --output_name per resume. */
  countersResetOnResume: boolean;
}

export interface RunPlan {
  /** Shown in the queue, e.g. "qwen_image · my-dataset". */
  title: string;
  engine: 'musubi-tuner' | 'sd-scripts';
  /** Registry model type, e.g. 'qwen_image', 'sdxl_lora'. */
  modelType: string;
  datasetId: number | null;
  steps: RunStep[];
  /** Files written (parents created) before the first step: absolute path -> content
   * (dataset TOML, sample prompts, log tracker config). */
  files: Record<string, string>;
  /** CUDA_VISIBLE_DEVICES for every step; runs on the same gpu run one at a time. Default '0'. */
  gpu?: string;
}

// Plans that run the stand-in engine (engines/standin) the way the planner runs the real ones, for the
// supervisor tests: caching scripts with python, training through the stand-in's accelerate and Atelier's launch
// shim.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CACHE_MANIFEST, type CacheManifest } from '../../src/core/training/plan/cache-reuse';
import { withStopShim, type RunPlan, type RunStep } from '../../src/core/training/supervisor';

// (not from helpers/tmp: this module also runs in the supervisor child process, outside vitest)
export const STANDIN = resolve(import.meta.dirname, '..', '..', 'engines', 'standin');
const ACCELERATE = join(STANDIN, 'bin', 'accelerate');
/** Debian's interpreter when present: a version manager's `python3` shim costs a shell and a lookup per start. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface StandinOptions {
  engine?: 'musubi-tuner' | 'sd-scripts';
  images?: number;
  repeats?: number;
  /** --max_train_steps or --max_train_epochs (when epochs is set) */
  steps?: number;
  epochs?: number;
  extraArgs?: string[];
  env?: Record<string, string>;
  gpu?: string;
  cache?: boolean;
  /** The caching steps' folder (default: `cache` in the run folder). */
  cacheDir?: string;
  name?: string;
  /** A model file that does not exist (missing model file). */
  missingModel?: boolean;
}

/** Builds a run folder under dir (dataset images, models, dataset TOML, prompts) and the plan for it. */
export function standinPlan(dir: string, o: StandinOptions = {}): RunPlan {
  const engine = o.engine ?? 'musubi-tuner';
  const name = o.name ?? 'lora';
  const imgDir = join(dir, 'images');
  const models = join(dir, 'models');
  mkdirSync(imgDir, { recursive: true });
  mkdirSync(models, { recursive: true });
  for (let i = 0; i < (o.images ?? 5); i++) {
    writeFileSync(join(imgDir, `img${i}.png`), 'x');
    writeFileSync(join(imgDir, `img${i}.txt`), `caption ${i}`);
  }
  for (const m of ['dit', 'vae', 'te']) writeFileSync(join(models, `${m}.safetensors`), 'x');
  const dit = o.missingModel ? join(models, 'missing', 'qwen_image_bf16.safetensors') : join(models, 'dit.safetensors');
  const cacheDir = o.cacheDir ?? join(dir, 'cache');
  const datasetToml = join(dir, 'dataset.toml');
  const trackerConfig = join(dir, 'tensorboard.toml');
  const prompts = join(dir, 'prompts.txt');
  const outputDir = join(dir, 'output');
  const loggingDir = join(dir, 'logs');
  const files: Record<string, string> =
    engine === 'musubi-tuner'
      ? {
          [datasetToml]: `[general]\nresolution = [512, 512]\ncaption_extension = ".txt"\nbatch_size = 1\n\n[[datasets]]\nimage_directory = ${JSON.stringify(imgDir)}\ncache_directory = ${JSON.stringify(cacheDir)}\nnum_repeats = ${o.repeats ?? 1}\n`,
        }
      : {
          [datasetToml]: `[general]\nresolution = 512\ncaption_extension = ".txt"\nbatch_size = 1\n\n[[datasets]]\n\n[[datasets.subsets]]\nimage_dir = ${JSON.stringify(imgDir)}\nnum_repeats = ${o.repeats ?? 1}\n`,
        };
  files[trackerConfig] = '[tensorboard]\nflush_secs = 0.1\n';
  files[prompts] = 'a photo --d 7\n';
  const env = { STANDIN_STEP_MS: '25', STANDIN_ITEM_MS: '2', ...o.env };
  const steps: RunStep[] = [];
  if (engine === 'musubi-tuner' && o.cache !== false) {
    const key = `standin|${cacheDir}`;
    // What the planner writes into a cache folder: the items whose files it holds, by exported stem.
    const stems = Object.fromEntries(Array.from({ length: o.images ?? 5 }, (_, i) => [`img${i}`, `image ${i}`]));
    const manifest: CacheManifest = { settings: 'standin', latents: stems, text: stems, video: false };
    files[join(cacheDir, CACHE_MANIFEST)] = JSON.stringify(manifest);
    steps.push(
      {
        name: 'cache_latents',
        kind: 'cache',
        argv: [PYTHON, join(STANDIN, 'musubi-tuner/src/musubi_tuner/qwen_image_cache_latents.py'), '--dataset_config', datasetToml, '--vae', join(models, 'vae.safetensors'), '--skip_existing'],
        env,
        cwd: join(STANDIN, 'musubi-tuner'),
        cacheKey: `${key}|latents`,
        cacheDir,
      },
      {
        name: 'cache_text_encoder_outputs',
        kind: 'cache',
        argv: [PYTHON, join(STANDIN, 'musubi-tuner/src/musubi_tuner/qwen_image_cache_text_encoder_outputs.py'), '--dataset_config', datasetToml, '--text_encoder', join(models, 'te.safetensors'), '--skip_existing'],
        env,
        cwd: join(STANDIN, 'musubi-tuner'),
        cacheKey: `${key}|te`,
        cacheDir,
      },
    );
  }
  const budget = o.epochs !== undefined ? ['--max_train_epochs', String(o.epochs)] : ['--max_train_steps', String(o.steps ?? 20)];
  const common = ['--dataset_config', datasetToml, ...budget, '--output_dir', outputDir, '--output_name', name, '--logging_dir', loggingDir, '--log_with', 'tensorboard', '--log_tracker_config', trackerConfig, '--sample_prompts', prompts, '--seed', '1', '--persistent_data_loader_workers'];
  const script =
    engine === 'musubi-tuner'
      ? [join(STANDIN, 'musubi-tuner/src/musubi_tuner/qwen_image_train_network.py'), '--dit', dit, '--vae', join(models, 'vae.safetensors'), '--text_encoder', join(models, 'te.safetensors'), '--network_module', 'networks.lora_qwen_image', '--mixed_precision', 'bf16']
      : [join(STANDIN, 'sd-scripts/train_network.py'), '--pretrained_model_name_or_path', dit, '--network_module', 'networks.lora', '--mixed_precision', 'bf16'];
  steps.push({
    name: 'train',
    kind: 'train',
    argv: withStopShim([PYTHON, ACCELERATE, 'launch', '--num_cpu_threads_per_process', '1', '--mixed_precision', 'bf16', ...script, ...common, ...(o.extraArgs ?? [])]),
    env,
    cwd: join(STANDIN, engine),
    train: {
      outputDir,
      outputName: name,
      loggingDir,
      sampleDir: join(outputDir, 'sample'),
      maxTrainSteps: o.epochs !== undefined ? null : (o.steps ?? 20),
      maxTrainEpochs: o.epochs ?? null,
      countersResetOnResume: engine === 'musubi-tuner',
    },
  });
  return { title: `stand-in ${engine}`, engine, modelType: engine === 'musubi-tuner' ? 'qwen_image' : 'sd15_lora', datasetId: null, steps, files, gpu: o.gpu ?? '0' };
}

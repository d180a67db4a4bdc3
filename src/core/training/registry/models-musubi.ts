/** musubi-tuner model types. Scripts, modules and recommended values from docs/qwen_image.md, docs/flux_kontext.md
 * and docs/wan.md at the pinned commit. */
import type { ParamSpec, ParamValues } from '../../../shared/contract/training-params';
import * as c from './params-common';
import * as d from './params-dataset';
import * as f from './families';
import * as m from './params-musubi';
import { memoryPresets, TRAINING_PRESETS } from './presets';
import { combine, fp8ScaledNeedsBase, maxBlocks, oneAttention } from './rules';
import type { ModelSpec, PlanIssue } from './types';

const MUSUBI_TIMESTEPS = ['sigma', 'uniform', 'sigmoid', 'shift', 'flux_shift', 'qwen_shift', 'logsnr', 'qinglong_flux', 'qinglong_qwen'];

/** Everything every musubi-tuner model takes, after its model files and before its own extras. */
function musubiParams(paths: ParamSpec[], extra: ParamSpec[], video = false): ParamSpec[] {
  return [
    ...paths,
    d.resolution, d.batchSize, d.numRepeats, d.enableBucket, d.bucketNoUpscale,
    ...(video ? [d.targetFrames, d.frameExtraction, d.frameStride, d.frameSample, d.maxFrames, d.sourceFps] : []),
    c.outputName, c.maxTrainEpochs, c.maxTrainSteps, c.learningRate, c.networkDim, c.networkAlpha, c.seed,
    c.optimizerType, c.optimizerArgs, c.lrScheduler, c.lrWarmupSteps, c.lrSchedulerNumCycles, c.lrSchedulerPower,
    c.maxGradNorm, c.gradientAccumulationSteps, c.networkDropout, c.networkArgs, c.scaleWeightNorms,
    c.mixedPrecision, c.gradientCheckpointing, m.gradientCheckpointingCpuOffload, c.fp8Base, m.fp8Scaled, c.blocksToSwap,
    m.usePinnedMemoryForBlockSwap, c.sdpa, c.xformers, m.flashAttn, m.sageAttn, m.splitAttn,
    c.samplePrompts, c.sampleEveryNEpochs, c.sampleEveryNSteps, c.sampleAtFirst,
    c.saveEveryNEpochs, c.saveEveryNSteps, c.saveLastNEpochs, c.saveState, c.saveLastNEpochsState, c.savePrecision,
    c.timestepSampling, c.discreteFlowShift, m.weightingScheme, c.minTimestep, c.maxTimestep,
    c.maxDataLoaderWorkers, c.persistentWorkers, c.networkWeights, m.disableNumpyMemmap,
    m.latentCacheBatchSize, m.textEncoderCacheBatchSize,
    ...extra,
    c.datasetConfig, c.outputDir, c.loggingDir, c.logWith, c.logTrackerConfig, c.samplePromptsPath, c.networkModule, m.skipExisting,
  ];
}

const musubiScripts = (arch: string, cacheArch = arch) => ({
  train: `src/musubi_tuner/${arch}_train_network.py`,
  cacheLatents: `src/musubi_tuner/${cacheArch}_cache_latents.py`,
  cacheTextEncoder: `src/musubi_tuner/${cacheArch}_cache_text_encoder_outputs.py`,
});

const common = {
  engine: 'musubi-tuner' as const,
  presets: TRAINING_PRESETS,
  countersResetOnResume: true,
};

// docs/qwen_image.md: fp8_base+fp8_scaled 30 GB, +16 swapped blocks 24 GB, +45 blocks 12 GB (64 GB RAM advised).
const qwenMemory = memoryPresets(
  { fp8_base: true, fp8_scaled: true, fp8_vl: true, blocks_to_swap: 45, gradient_checkpointing: true },
  { fp8_base: true, fp8_scaled: true, fp8_vl: false, blocks_to_swap: 16, gradient_checkpointing: true },
  { fp8_base: false, fp8_scaled: false, fp8_vl: false, blocks_to_swap: null, gradient_checkpointing: true },
  ['12 GB', '24 GB', '48 GB+'],
);
const qwenTweaks: ModelSpec['tweaks'] = {
  learning_rate: { default: 5e-5 },
  network_dim: { default: 16 },
  timestep_sampling: { default: 'shift', options: MUSUBI_TIMESTEPS },
  discrete_flow_shift: { default: 2.2 },
  blocks_to_swap: { max: 59 },
  vae: { help: 'Qwen-Image VAE (qwen_image_vae.safetensors).' },
};
const qwenCheck = combine(fp8ScaledNeedsBase, oneAttention, maxBlocks(59, 'Qwen-Image DiT (60 blocks)'));

const qwenImage: ModelSpec = {
  ...common,
  type: 'qwen_image',
  title: 'Qwen-Image LoRA',
  description: 'Text-to-image LoRA for Qwen-Image (20B MMDiT) with musubi-tuner.',
  family: 'qwen_image',
  datasetKinds: ['image'],
  scripts: musubiScripts('qwen_image'),
  networkModule: 'networks.lora_qwen_image',
  params: musubiParams([f.dit, f.vae, f.qwenTextEncoder], [m.fp8Vl]),
  tweaks: qwenTweaks,
  memoryPresets: qwenMemory,
  check: qwenCheck,
  needsControl: false,
  video: false,
};

const qwenImageEdit: ModelSpec = {
  ...common,
  type: 'qwen_image_edit',
  title: 'Qwen-Image-Edit LoRA',
  description: 'Image-editing LoRA for Qwen-Image-Edit (2511, 2509 or the original) from before/after pairs, with musubi-tuner.',
  family: 'qwen_image',
  datasetKinds: ['control-pair'],
  scripts: musubiScripts('qwen_image'),
  networkModule: 'networks.lora_qwen_image',
  params: musubiParams([f.dit, f.vae, f.qwenTextEncoder], [m.qwenModelVersion, m.fp8Vl]),
  tweaks: { ...qwenTweaks, model_version: { default: 'edit-2511', options: ['edit-2511', 'edit-2509', 'edit'], required: true } },
  memoryPresets: qwenMemory,
  check: qwenCheck,
  needsControl: true,
  video: false,
};

// FLUX.1 has 19 double and 38 single blocks; musubi's flux_models.enable_block_swap allows at most 34.
const fluxKontext: ModelSpec = {
  ...common,
  type: 'flux_kontext',
  title: 'FLUX.1 Kontext LoRA',
  description: 'Image-editing LoRA for FLUX.1 Kontext [dev] from before/after pairs, with musubi-tuner.',
  family: 'flux',
  datasetKinds: ['control-pair'],
  scripts: musubiScripts('flux_kontext'),
  networkModule: 'networks.lora_flux',
  params: musubiParams([f.dit, f.fluxAe, f.fluxT5, f.fluxClipL], [m.fp8T5]),
  tweaks: {
    learning_rate: { default: 1e-4 },
    network_dim: { default: 32 },
    timestep_sampling: { default: 'flux_shift', options: MUSUBI_TIMESTEPS },
    blocks_to_swap: { max: 34 },
    dit: { help: 'flux1-kontext-dev.safetensors (not the Diffusers-format subfolder).' },
  },
  memoryPresets: memoryPresets(
    { fp8_base: true, fp8_scaled: true, fp8_t5: true, blocks_to_swap: 22, gradient_checkpointing: true },
    { fp8_base: true, fp8_scaled: true, fp8_t5: false, blocks_to_swap: null, gradient_checkpointing: true },
    { fp8_base: false, fp8_scaled: false, fp8_t5: false, blocks_to_swap: null, gradient_checkpointing: true },
    ['12 GB', '24 GB', '48 GB+'],
  ),
  check: combine(fp8ScaledNeedsBase, oneAttention, maxBlocks(34, 'FLUX.1 DiT')),
  needsControl: true,
  video: false,
};

// The tasks docs/wan.md trains (WAN_CONFIGS also has flf2v-14B, not documented for training, and the *-FC Fun-Control
// tasks, which need control videos that Atelier's video datasets do not have).
const WAN21_TASKS = ['t2v-14B', 't2v-1.3B', 'i2v-14B', 't2i-14B'];
const WAN22_TASKS = ['t2v-A14B', 'i2v-A14B'];

/** Image-to-video training, by musubi-tuner's own test (wan_train_network.py: "i2v" or "flf2v" in the task). */
function wanDerive(v: ParamValues): ParamValues {
  const task = typeof v.task === 'string' ? v.task : '';
  return { i2v: task.includes('i2v') || task.includes('flf2v') };
}

/** Wan 2.1 passes the CLIP model only to image-to-video tasks: wan_cache_latents.py turns on --i2v whenever --clip
 * is given, so a text-to-video run with the family's CLIP path set would cache image-to-video latents. */
function wan21Derive(v: ParamValues): ParamValues {
  const d = wanDerive(v);
  return d.i2v ? d : { ...d, clip: null };
}

/** Wan DiTs have 40 blocks (1.3B: 30) and allow swapping all but one (wan/modules/model.py). */
function wanBlocks(v: ParamValues): PlanIssue[] {
  const small = typeof v.task === 'string' && v.task.includes('1.3B');
  return maxBlocks(small ? 29 : 39, small ? 'Wan 1.3B DiT (30 blocks)' : 'Wan 14B DiT (40 blocks)')(v);
}

const wanMemory = memoryPresets(
  { fp8_base: true, fp8_scaled: true, fp8_t5: true, blocks_to_swap: 20, gradient_checkpointing: true, vae_cache_cpu: true },
  { fp8_base: true, fp8_scaled: true, fp8_t5: false, blocks_to_swap: 8, gradient_checkpointing: true, vae_cache_cpu: false },
  { fp8_base: false, fp8_scaled: false, fp8_t5: false, blocks_to_swap: null, gradient_checkpointing: true, vae_cache_cpu: false },
  ['12 GB', '24 GB', '48 GB+'],
);
const wanTweaks: ModelSpec['tweaks'] = {
  resolution: { default: [832, 480] },
  learning_rate: { default: 2e-4 },
  network_dim: { default: 32 },
  timestep_sampling: { default: 'shift', options: MUSUBI_TIMESTEPS },
  discrete_flow_shift: { default: 3.0 },
  fp8_base: { default: true },
  blocks_to_swap: { max: 39 },
  vae: { help: 'Wan2.1_VAE.pth (or wan_2.1_vae.safetensors); Wan 2.2 14B uses the same VAE.' },
};

const wan21: ModelSpec = {
  ...common,
  type: 'Wan_2_1',
  title: 'Wan 2.1 LoRA',
  description: 'Video (or image) LoRA for Wan 2.1 text/image-to-video, with musubi-tuner.',
  family: 'wan',
  datasetKinds: ['video', 'image'],
  scripts: musubiScripts('wan'),
  networkModule: 'networks.lora_wan',
  params: musubiParams([f.dit, f.vae, f.wanT5, f.wanClip], [m.wanTask, m.wanI2v, m.fp8T5, m.vaeCacheCpu], true),
  tweaks: { ...wanTweaks, task: { default: 't2v-14B', options: WAN21_TASKS } },
  memoryPresets: wanMemory,
  derive: wan21Derive,
  check: combine(fp8ScaledNeedsBase, oneAttention, wanBlocks, (v) =>
    wanDerive(v).i2v && !v.clip
      ? [{ severity: 'error', code: 'wan_i2v_clip', key: 'clip', message: 'Wan 2.1 image-to-video needs the CLIP model: set "CLIP (Wan 2.1 I2V)" in the model paths.' }]
      : [],
  ),
  needsControl: false,
  video: true,
};

const wan22: ModelSpec = {
  ...common,
  type: 'Wan_2_2',
  title: 'Wan 2.2 LoRA',
  description: 'Video (or image) LoRA for Wan 2.2 A14B (low- and optionally high-noise experts), with musubi-tuner.',
  family: 'wan',
  datasetKinds: ['video', 'image'],
  scripts: musubiScripts('wan'),
  networkModule: 'networks.lora_wan',
  params: musubiParams([f.dit, f.ditHighNoise, f.vae, f.wanT5], [m.wanTask, m.wanI2v, m.fp8T5, m.vaeCacheCpu, m.timestepBoundary, m.offloadInactiveDit], true),
  tweaks: {
    ...wanTweaks,
    task: { default: 't2v-A14B', options: WAN22_TASKS },
    discrete_flow_shift: { default: 5.0 },
    dit: { help: 'The low-noise expert of Wan 2.2 A14B (.safetensors).' },
  },
  memoryPresets: wanMemory,
  derive: wanDerive,
  check: combine(fp8ScaledNeedsBase, oneAttention, wanBlocks, (v) =>
    v.offload_inactive_dit === true && typeof v.blocks_to_swap === 'number' && v.blocks_to_swap > 0
      ? [{ severity: 'error', code: 'offload_inactive_with_swap', key: 'offload_inactive_dit', message: 'Offloading the inactive DiT works only without block swap: set "Blocks to swap" to 0 or turn the offload off.' }]
      : [],
  ),
  needsControl: false,
  video: true,
};

export const MUSUBI_MODELS: ModelSpec[] = [qwenImage, qwenImageEdit, fluxKontext, wan21, wan22];

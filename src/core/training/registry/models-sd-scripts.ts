/** sd-scripts model types. Scripts and recommended values from docs/train_network.md, docs/sdxl_train_network.md and
 * docs/flux_train_network.md at the pinned commit. */
import type { ParamSpec } from '../../../shared/contract/training-params';
import * as c from './params-common';
import * as d from './params-dataset';
import * as f from './families';
import * as s from './params-sd-scripts';
import { memoryPresets, TRAINING_PRESETS } from './presets';
import { cachedTextEncoderRules, combine, fullPrecisionMatches, maxBlocks, oneAttention, swapOrOffload } from './rules';
import type { ModelSpec } from './types';

function sdParams(paths: ParamSpec[], precision: ParamSpec[], extra: ParamSpec[]): ParamSpec[] {
  return [
    ...paths,
    d.resolution, d.batchSize, d.numRepeats, d.enableBucket, d.bucketNoUpscale, d.keepTokens, d.shuffleCaption, d.captionDropoutRate, d.flipAug,
    c.outputName, c.maxTrainEpochs, c.maxTrainSteps, c.learningRate, c.networkDim, c.networkAlpha, s.networkTrainUnetOnly, c.seed,
    c.optimizerType, c.optimizerArgs, c.lrScheduler, c.lrWarmupSteps, c.lrSchedulerNumCycles, c.lrSchedulerPower, s.unetLr, s.textEncoderLr,
    c.maxGradNorm, c.gradientAccumulationSteps, c.networkDropout, c.networkArgs, c.scaleWeightNorms,
    c.mixedPrecision, c.gradientCheckpointing, c.fp8Base, s.fullBf16, s.fullFp16, c.sdpa, c.xformers, ...precision,
    c.samplePrompts, c.sampleEveryNEpochs, c.sampleEveryNSteps, c.sampleAtFirst,
    c.saveEveryNEpochs, c.saveEveryNSteps, c.saveLastNEpochs, c.saveState, c.saveLastNEpochsState, c.savePrecision,
    c.minTimestep, c.maxTimestep, c.maxDataLoaderWorkers, c.persistentWorkers, c.networkWeights,
    ...extra,
    c.datasetConfig, c.outputDir, c.loggingDir, c.logWith, c.logTrackerConfig, c.samplePromptsPath, c.networkModule,
    s.saveModelAs, s.cacheLatents, s.consoleLogSimple,
  ];
}

const common = {
  engine: 'sd-scripts' as const,
  presets: TRAINING_PRESETS,
  // sd-scripts stores current_epoch/current_step in the state's train_state.json and continues from them.
  countersResetOnResume: false,
  needsControl: false,
  video: false,
};

const sd15: ModelSpec = {
  ...common,
  type: 'sd15_lora',
  title: 'SD 1.5 LoRA',
  description: 'LoRA for Stable Diffusion 1.5 checkpoints, with sd-scripts train_network.py.',
  family: 'sd15',
  datasetKinds: ['image'],
  scripts: { train: 'train_network.py' },
  networkModule: 'networks.lora',
  params: sdParams([f.pretrainedModel, f.sdVae], [], [s.clipSkip, s.maxTokenLength, s.minSnrGamma, s.noiseOffset, s.sampleSampler]),
  tweaks: {
    resolution: { default: [512, 512] },
    max_train_epochs: { default: 10 },
    network_alpha: { default: 1 },
    network_train_unet_only: { default: false },
    mixed_precision: { default: 'fp16' },
    save_precision: { default: 'fp16' },
    pretrained_model_name_or_path: { help: 'An SD 1.5 checkpoint (.safetensors or .ckpt).' },
  },
  memoryPresets: memoryPresets(
    { fp8_base: true, gradient_checkpointing: true },
    { fp8_base: false, gradient_checkpointing: true },
    { fp8_base: false, gradient_checkpointing: false },
    ['4 GB', '8 GB', '12 GB+'],
  ),
  check: combine(fullPrecisionMatches, oneAttention),
};

const sdxl: ModelSpec = {
  ...common,
  type: 'sdxl_lora',
  title: 'SDXL LoRA',
  description: 'LoRA for SDXL checkpoints (incl. Pony / Illustrious), with sd-scripts sdxl_train_network.py.',
  family: 'sdxl',
  datasetKinds: ['image'],
  scripts: { train: 'sdxl_train_network.py' },
  networkModule: 'networks.lora',
  params: sdParams([f.pretrainedModel, f.sdVae], [s.cacheTextEncoderOutputs, s.noHalfVae], [s.clipSkip, s.maxTokenLength, s.minSnrGamma, s.noiseOffset, s.sampleSampler]),
  tweaks: {
    max_train_epochs: { default: 10 },
    network_dim: { default: 32 },
    network_alpha: { default: 16 },
    pretrained_model_name_or_path: { help: 'An SDXL checkpoint (.safetensors).' },
  },
  memoryPresets: memoryPresets(
    { fp8_base: true, gradient_checkpointing: true, cache_text_encoder_outputs: true, network_train_unet_only: true },
    { fp8_base: false, gradient_checkpointing: true, cache_text_encoder_outputs: true, network_train_unet_only: true },
    { fp8_base: false, gradient_checkpointing: false, cache_text_encoder_outputs: true, network_train_unet_only: true },
    ['8 GB', '12 GB', '24 GB+'],
  ),
  check: combine(fullPrecisionMatches, oneAttention, cachedTextEncoderRules),
};

// docs/flux_train_network.md: with --fp8_base, 12 GB → 16 swapped blocks, 10 GB → 22, 8 GB → 28; at most 35.
const flux1: ModelSpec = {
  ...common,
  type: 'flux1_lora',
  title: 'FLUX.1 LoRA',
  description: 'LoRA for FLUX.1 [dev], with sd-scripts flux_train_network.py.',
  family: 'flux',
  datasetKinds: ['image'],
  scripts: { train: 'flux_train_network.py' },
  networkModule: 'networks.lora_flux',
  params: sdParams(
    [f.pretrainedModel, f.fluxAe, f.fluxT5, f.fluxClipL],
    [s.cacheTextEncoderOutputs, c.blocksToSwap, s.cpuOffloadCheckpointing],
    [c.timestepSampling, c.discreteFlowShift, c.guidanceScale, s.modelPredictionType, s.applyT5AttnMask],
  ),
  tweaks: {
    max_train_epochs: { default: 10 },
    network_alpha: { default: 1 },
    fp8_base: { default: true },
    blocks_to_swap: { max: 35 },
    timestep_sampling: { default: 'flux_shift' },
    guidance_scale: { default: 1.0 },
    pretrained_model_name_or_path: { help: 'flux1-dev.safetensors (the single-file checkpoint).' },
  },
  memoryPresets: memoryPresets(
    { fp8_base: true, blocks_to_swap: 28, gradient_checkpointing: true, cache_text_encoder_outputs: true },
    { fp8_base: true, blocks_to_swap: 16, gradient_checkpointing: true, cache_text_encoder_outputs: true },
    { fp8_base: true, blocks_to_swap: null, gradient_checkpointing: true, cache_text_encoder_outputs: true },
    ['8 GB', '12 GB', '24 GB+'],
  ),
  check: combine(fullPrecisionMatches, oneAttention, cachedTextEncoderRules, swapOrOffload, maxBlocks(35, 'FLUX.1 DiT')),
};

export const SD_SCRIPTS_MODELS: ModelSpec[] = [sd15, sdxl, flux1];

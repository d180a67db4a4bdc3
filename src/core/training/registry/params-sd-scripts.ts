/** sd-scripts parameters (flags from library/train_util.py, train_network.py and the SDXL/FLUX parsers at the pinned commit). */
import { internal, multi, param, storeTrue, value } from './declare';

// sd-scripts caches latents inside the training script (skipping what is already on disk), so its runs have no
// separate cache steps. It writes them next to each image (library/strategy_*.py: the image path with a suffix, no
// cache-folder option at the pinned commit), i.e. into each run's own export: every run encodes its images again.
export const saveModelAs = internal('save_model_as', 'Always safetensors.', [value('--save_model_as')]);
export const cacheLatents = internal('cache_latents', 'Latents are cached once, to disk, next to the images.', [
  storeTrue('--cache_latents'),
  storeTrue('--cache_latents_to_disk'),
], 'boolean');
export const consoleLogSimple = internal('console_log_simple', 'Plain log lines (no rich formatting) for the log console.', [storeTrue('--console_log_simple')], 'boolean');

export const cacheTextEncoderOutputs = param({
  key: 'cache_text_encoder_outputs', group: 'precision', label: 'Cache text-encoder outputs', widget: 'switch', type: 'boolean', default: true,
  help: 'Encode captions once and unload the text encoders: much less VRAM. Needs UNet-only training and no tag shuffling or caption dropout.',
  cli: [storeTrue('--cache_text_encoder_outputs'), storeTrue('--cache_text_encoder_outputs_to_disk')],
});
export const networkTrainUnetOnly = param({
  key: 'network_train_unet_only', group: 'basic', label: 'Train UNet/DiT only', widget: 'switch', type: 'boolean', default: true,
  help: 'Leave the text encoders untouched (required when caching their outputs).',
  cli: [storeTrue('--network_train_unet_only')],
});
export const unetLr = param({
  key: 'unet_lr', group: 'optimizer', label: 'UNet/DiT learning rate', widget: 'number', type: 'number', default: null, min: 0, max: 1,
  help: 'Learning rate of the UNet/DiT LoRA; empty: the learning rate.',
  cli: [value('--unet_lr')],
});
export const textEncoderLr = param({
  key: 'text_encoder_lr', group: 'optimizer', label: 'Text-encoder learning rates', widget: 'list', type: 'number[]', default: [], min: 0, max: 1,
  help: 'One rate for all text encoders, or one per encoder (SDXL: two). Empty: the learning rate.',
  cli: [multi('--text_encoder_lr')],
});
export const fullBf16 = param({
  key: 'full_bf16', group: 'precision', label: 'Full bf16', widget: 'switch', type: 'boolean', default: false,
  help: 'Gradients in bf16 too: less memory; use with an 8-bit or Adafactor optimizer.',
  cli: [storeTrue('--full_bf16')],
});
export const fullFp16 = param({
  key: 'full_fp16', group: 'precision', label: 'Full fp16', widget: 'switch', type: 'boolean', default: false,
  help: 'Gradients in fp16 too: less memory, less stable.',
  cli: [storeTrue('--full_fp16')],
});
export const noHalfVae = param({
  key: 'no_half_vae', group: 'precision', label: 'Full-precision VAE', widget: 'switch', type: 'boolean', default: false,
  help: 'Runs the VAE in fp32: avoids NaN latents of the original SDXL VAE in fp16.',
  cli: [storeTrue('--no_half_vae')],
});
export const cpuOffloadCheckpointing = param({
  key: 'cpu_offload_checkpointing', group: 'precision', label: 'Offload checkpoints to CPU', widget: 'switch', type: 'boolean', default: false,
  help: 'Moves checkpointed activations to CPU memory (about 1 GB less, 15% slower). Not with block swap.',
  cli: [storeTrue('--cpu_offload_checkpointing')],
});
export const clipSkip = param({
  key: 'clip_skip', group: 'advanced', label: 'CLIP skip', widget: 'number', type: 'integer', default: null, min: 1, max: 12,
  help: '2 for anime checkpoints derived from NovelAI; empty for most others.',
  cli: [value('--clip_skip')],
});
export const maxTokenLength = param({
  key: 'max_token_length', group: 'advanced', label: 'Max caption tokens', widget: 'select', type: 'string', default: null,
  options: ['150', '225'],
  help: 'Longer captions than the 75-token default (SD1.5 / SDXL).',
  cli: [value('--max_token_length')],
});
export const minSnrGamma = param({
  key: 'min_snr_gamma', group: 'advanced', label: 'Min-SNR gamma', widget: 'number', type: 'number', default: null, min: 0,
  help: 'Min-SNR loss weighting (5 is the paper value); steadier training.',
  cli: [value('--min_snr_gamma')],
});
export const noiseOffset = param({
  key: 'noise_offset', group: 'advanced', label: 'Noise offset', widget: 'number', type: 'number', default: null, min: 0, max: 1,
  help: 'Helps very dark and very bright images (about 0.05).',
  cli: [value('--noise_offset')],
});
export const sampleSampler = param({
  key: 'sample_sampler', group: 'sampling', label: 'Sampler', widget: 'select', type: 'string', default: 'euler_a',
  options: ['ddim', 'pndm', 'lms', 'euler', 'euler_a', 'heun', 'dpm_2', 'dpm_2_a', 'dpmsolver', 'dpmsolver++', 'dpmsingle', 'k_lms', 'k_euler', 'k_euler_a', 'k_dpm_2', 'k_dpm_2_a'],
  help: 'Sampler of the sample images.',
  cli: [value('--sample_sampler')],
});

// ---- FLUX.1 ----
export const modelPredictionType = param({
  key: 'model_prediction_type', group: 'advanced', label: 'Prediction type', widget: 'select', type: 'string', default: 'raw',
  options: ['raw', 'additive', 'sigma_scaled'],
  help: 'How the model output is turned into the prediction; raw is recommended for FLUX.1.',
  cli: [value('--model_prediction_type')],
});
export const applyT5AttnMask = param({
  key: 'apply_t5_attn_mask', group: 'advanced', label: 'T5 attention mask', widget: 'switch', type: 'boolean', default: false,
  help: "Mask T5 padding tokens in attention.",
  cli: [storeTrue('--apply_t5_attn_mask')],
});

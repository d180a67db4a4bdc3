/** musubi-tuner parameters (flags from training/parser_common.py and the per-architecture parsers at the pinned commit). */
import { internal, param, storeTrue, value } from './declare';

/** The cache folders hold what earlier runs encoded: caching adds only what is missing (the supervisor skips a cache
 * step outright when its folder is complete). */
export const skipExisting = { ...internal('skip_existing', 'Cache only what is not in the cache folder yet.', [storeTrue('--skip_existing', 'cache_latents', 'cache_text_encoder_outputs')], 'boolean'), cacheNeutral: true };

export const fp8Scaled = param({
  key: 'fp8_scaled', group: 'precision', label: 'Scaled FP8', widget: 'switch', type: 'boolean', default: false,
  help: 'Per-block scaled fp8 for the DiT: better quality than plain fp8. Use with FP8 base model.',
  cli: [storeTrue('--fp8_scaled')],
});
export const gradientCheckpointingCpuOffload = param({
  key: 'gradient_checkpointing_cpu_offload', group: 'precision', label: 'Offload checkpoints to CPU', widget: 'switch', type: 'boolean', default: false,
  help: 'Moves checkpointed activations to CPU memory: less VRAM, slower.',
  cli: [storeTrue('--gradient_checkpointing_cpu_offload')],
});
export const usePinnedMemoryForBlockSwap = param({
  key: 'use_pinned_memory_for_block_swap', group: 'precision', label: 'Pinned memory for block swap', widget: 'switch', type: 'boolean', default: false,
  help: 'Faster block swapping at the cost of page-locked RAM.',
  cli: [storeTrue('--use_pinned_memory_for_block_swap')],
});
export const flashAttn = param({
  key: 'flash_attn', group: 'precision', label: 'FlashAttention', widget: 'switch', type: 'boolean', default: false,
  help: 'Needs the flash-attn package; use with split attention.',
  cli: [storeTrue('--flash_attn')],
});
export const sageAttn = param({
  key: 'sage_attn', group: 'precision', label: 'SageAttention', widget: 'switch', type: 'boolean', default: false,
  help: 'Needs the sageattention package; use with split attention.',
  cli: [storeTrue('--sage_attn')],
});
export const splitAttn = param({
  key: 'split_attn', group: 'precision', label: 'Split attention', widget: 'switch', type: 'boolean', default: false,
  help: 'Computes attention per sample: slightly less memory; needed with anything but SDPA.',
  cli: [storeTrue('--split_attn')],
});
export const disableNumpyMemmap = param({
  key: 'disable_numpy_memmap', group: 'advanced', label: 'Read models without memmap', widget: 'switch', type: 'boolean', default: false,
  help: 'Loads weights with plain reads: more RAM, often much faster loading from slow disks.',
  cli: [storeTrue('--disable_numpy_memmap')],
});
export const weightingScheme = param({
  key: 'weighting_scheme', group: 'advanced', label: 'Loss weighting', widget: 'select', type: 'string', default: 'none',
  options: ['none', 'logit_normal', 'mode', 'cosmap', 'sigma_sqrt'],
  help: 'Per-timestep loss weighting.',
  cli: [value('--weighting_scheme')],
});
export const latentCacheBatchSize = param({
  key: 'latent_cache_batch_size', group: 'advanced', label: 'Latent cache batch', widget: 'number', type: 'integer', default: null, min: 1, max: 256,
  help: 'Images encoded at once while caching latents.',
  cli: [value('--batch_size', 'cache_latents')],
  cacheNeutral: true,
});
export const textEncoderCacheBatchSize = param({
  key: 'text_encoder_cache_batch_size', group: 'advanced', label: 'Text-encoder cache batch', widget: 'number', type: 'integer', default: 16, min: 1, max: 256,
  help: 'Captions encoded at once while caching text-encoder outputs; lower it if caching runs out of memory.',
  cli: [value('--batch_size', 'cache_text_encoder_outputs')],
  cacheNeutral: true,
});

// ---- Qwen-Image ----
export const qwenModelVersion = param({
  key: 'model_version', group: 'basic', label: 'Model version', widget: 'select', type: 'string', default: 'original',
  // The values resolve_model_version_args accepts at the pinned commit (qwen_image/qwen_image_utils.py).
  options: ['original', 'edit', 'edit-2509', 'edit-2511', 'layered'],
  help: 'Which Qwen-Image checkpoint the DiT is; the edit versions train on control images.',
  cli: [value('--model_version', 'cache_latents', 'cache_text_encoder_outputs', 'train')],
});
export const fp8Vl = param({
  key: 'fp8_vl', group: 'precision', label: 'FP8 text encoder (Qwen2.5-VL)', widget: 'switch', type: 'boolean', default: false,
  help: 'Runs the Qwen2.5-VL text encoder in fp8; recommended below 16 GB of VRAM.',
  cli: [storeTrue('--fp8_vl', 'cache_text_encoder_outputs', 'train')],
});

// ---- FLUX.1 Kontext and Wan (T5) ----
export const fp8T5 = param({
  key: 'fp8_t5', group: 'precision', label: 'FP8 T5', widget: 'switch', type: 'boolean', default: false,
  help: 'Runs the T5 text encoder in fp8 to save VRAM.',
  cli: [storeTrue('--fp8_t5', 'cache_text_encoder_outputs', 'train')],
});

// ---- Wan ----
export const wanTask = param({
  key: 'task', group: 'basic', label: 'Task', widget: 'select', type: 'string', default: 't2v-14B', required: true,
  // The keys of WAN_CONFIGS (wan/configs/__init__.py) at the pinned commit; each model narrows them.
  options: ['t2v-1.3B', 't2v-14B', 'i2v-14B', 't2i-14B', 'flf2v-14B', 't2v-1.3B-FC', 't2v-14B-FC', 'i2v-14B-FC', 't2v-A14B', 'i2v-A14B'],
  help: 'The Wan checkpoint the DiT is: text-to-video, image-to-video, size.',
  cli: [value('--task')],
});
export const wanI2v = param({
  key: 'i2v', group: 'advanced', label: 'i2v', widget: 'switch', type: 'boolean', default: false, persist: false, internal: true,
  help: 'Image-to-video latents (also caches the first frame); follows the task.',
  cli: [storeTrue('--i2v', 'cache_latents')],
});
export const vaeCacheCpu = param({
  key: 'vae_cache_cpu', group: 'precision', label: 'VAE cache on CPU', widget: 'switch', type: 'boolean', default: false,
  help: "Keeps the Wan VAE's internal cache in CPU memory while caching latents: a little less VRAM.",
  cli: [storeTrue('--vae_cache_cpu', 'cache_latents')],
  cacheNeutral: true,
});
export const timestepBoundary = param({
  key: 'timestep_boundary', group: 'advanced', label: 'High/low noise boundary', widget: 'number', type: 'integer', default: null, min: 0, max: 1000,
  help: 'Timestep (0–1000) where the high-noise DiT hands over to the low-noise one. Empty: the task default (875 T2V, 900 I2V).',
  cli: [value('--timestep_boundary')],
});
export const offloadInactiveDit = param({
  key: 'offload_inactive_dit', group: 'precision', label: 'Offload inactive DiT', widget: 'switch', type: 'boolean', default: false,
  help: 'Keeps the idle one of the two Wan 2.2 DiTs in CPU memory (about 96 GB RAM). Not with block swap.',
  cli: [storeTrue('--offload_inactive_dit')],
});

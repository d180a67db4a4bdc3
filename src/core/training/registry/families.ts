/** Model files. Family-scoped paths (VAE, text encoders) are edited once and shared by every model of the family,
 * across engines where the files are the same (FLUX: ae, T5-XXL, CLIP-L); model-scoped ones (the DiT / UNet
 * checkpoint) belong to one model type. */
import { onEngine, param, value } from './declare';

export const FAMILIES = {
  qwen_image: 'Qwen-Image',
  flux: 'FLUX.1',
  wan: 'Wan',
  sd15: 'Stable Diffusion 1.5',
  sdxl: 'Stable Diffusion XL',
} as const;
export type FamilyId = keyof typeof FAMILIES;

// ---- per model ----
export const dit = param({
  key: 'dit', group: 'paths', label: 'DiT checkpoint', widget: 'file', type: 'string', default: null, required: true,
  path: { kind: 'file', scope: 'model' },
  help: 'The diffusion transformer weights (.safetensors) of this model.',
  cli: [value('--dit')],
});
export const pretrainedModel = param({
  key: 'pretrained_model_name_or_path', group: 'paths', label: 'Base checkpoint', widget: 'file', type: 'string', default: null, required: true,
  path: { kind: 'file', scope: 'model' },
  help: 'The base model checkpoint (.safetensors) the LoRA is trained on.',
  cli: [value('--pretrained_model_name_or_path')],
});
export const ditHighNoise = param({
  key: 'dit_high_noise', group: 'paths', label: 'High-noise DiT', widget: 'file', type: 'string', default: null,
  path: { kind: 'file', scope: 'model' },
  help: 'Wan 2.2: the high-noise expert. Given, both experts are trained, switching at the timestep boundary; empty: the low-noise DiT serves all timesteps.',
  cli: [value('--dit_high_noise')],
});

// ---- per family ----
export const vae = param({
  key: 'vae', group: 'paths', label: 'VAE', widget: 'file', type: 'string', default: null, required: true,
  path: { kind: 'file', scope: 'family' },
  help: "The family's VAE weights; used for caching latents and for samples.",
  cli: [value('--vae', 'cache_latents', 'train')],
});
export const qwenTextEncoder = param({
  key: 'text_encoder', group: 'paths', label: 'Text encoder (Qwen2.5-VL)', widget: 'file', type: 'string', default: null, required: true,
  path: { kind: 'file', scope: 'family' },
  help: 'Qwen2.5-VL 7B weights (.safetensors), used to cache caption embeddings.',
  cli: [value('--text_encoder', 'cache_text_encoder_outputs', 'train')],
});
export const fluxAe = param({
  key: 'ae', group: 'paths', label: 'Autoencoder (ae.safetensors)', widget: 'file', type: 'string', default: null, required: true,
  path: { kind: 'file', scope: 'family' },
  help: 'The FLUX.1 autoencoder, ae.safetensors from black-forest-labs.',
  cli: [onEngine('musubi-tuner', value('--vae', 'cache_latents', 'train')), onEngine('sd-scripts', value('--ae'))],
});
export const fluxT5 = param({
  key: 't5xxl', group: 'paths', label: 'T5-XXL', widget: 'file', type: 'string', default: null, required: true,
  path: { kind: 'file', scope: 'family' },
  help: 'T5-XXL text encoder, e.g. t5xxl_fp16.safetensors from comfyanonymous/flux_text_encoders.',
  cli: [onEngine('musubi-tuner', value('--text_encoder1', 'cache_text_encoder_outputs', 'train')), onEngine('sd-scripts', value('--t5xxl'))],
});
export const fluxClipL = param({
  key: 'clip_l', group: 'paths', label: 'CLIP-L', widget: 'file', type: 'string', default: null, required: true,
  path: { kind: 'file', scope: 'family' },
  help: 'CLIP-L text encoder, clip_l.safetensors.',
  cli: [onEngine('musubi-tuner', value('--text_encoder2', 'cache_text_encoder_outputs', 'train')), onEngine('sd-scripts', value('--clip_l'))],
});
export const wanT5 = param({
  key: 't5', group: 'paths', label: 'T5 (umT5-XXL)', widget: 'file', type: 'string', default: null, required: true,
  path: { kind: 'file', scope: 'family' },
  help: 'models_t5_umt5-xxl-enc-bf16.pth, shared by Wan 2.1 and 2.2.',
  cli: [value('--t5', 'cache_text_encoder_outputs', 'train')],
});
export const wanClip = param({
  key: 'clip', group: 'paths', label: 'CLIP (Wan 2.1 I2V)', widget: 'file', type: 'string', default: null,
  path: { kind: 'file', scope: 'family' },
  help: 'models_clip_open-clip-xlm-roberta-large-vit-huge-14.pth; needed only by Wan 2.1 image-to-video tasks.',
  cli: [value('--clip', 'cache_latents', 'train')],
});
export const sdVae = param({
  key: 'sd_vae', group: 'paths', label: 'VAE (optional)', widget: 'file', type: 'string', default: null,
  path: { kind: 'file', scope: 'family' },
  help: "A VAE to use instead of the checkpoint's own.",
  cli: [value('--vae')],
});

/** Dataset settings: written to the engine's dataset TOML (key = `toml`), not to the command line.
 * Keys follow musubi-tuner dataset/config_utils.py and sd-scripts library/config_util.py schemas. */
import { param } from './declare';

export const resolution = param({
  key: 'resolution', group: 'dataset', label: 'Resolution', widget: 'size', type: 'integer[]', length: 2, default: [1024, 1024], min: 64, max: 4096,
  help: 'Training size [width, height]; with buckets, images keep their aspect ratio at about this many pixels.',
  toml: 'resolution',
});
export const batchSize = param({
  key: 'batch_size', group: 'dataset', label: 'Batch size', widget: 'number', type: 'integer', default: 1, min: 1, max: 256,
  help: 'Images per step. Larger needs more VRAM.',
  toml: 'batch_size',
  cacheNeutral: true,
});
export const numRepeats = param({
  key: 'num_repeats', group: 'dataset', label: 'Repeats', widget: 'number', type: 'integer', default: 1, min: 1, max: 10000,
  help: 'Times each image is seen per epoch.',
  toml: 'num_repeats',
  cacheNeutral: true,
});
export const enableBucket = param({
  key: 'enable_bucket', group: 'dataset', label: 'Aspect-ratio buckets', widget: 'switch', type: 'boolean', default: true,
  help: 'Group images by aspect ratio instead of cropping them square.',
  toml: 'enable_bucket',
});
export const bucketNoUpscale = param({
  key: 'bucket_no_upscale', group: 'dataset', label: 'Never upscale', widget: 'switch', type: 'boolean', default: false,
  help: 'Small images stay small instead of being enlarged to the resolution.',
  toml: 'bucket_no_upscale',
});

// ---- video (musubi-tuner) ----
export const targetFrames = param({
  key: 'target_frames', group: 'dataset', label: 'Frame counts', widget: 'list', type: 'integer[]', default: [1, 25, 45], min: 1,
  help: 'Clip lengths to train on; each must be N*4+1 (1, 5, 9 … 81).',
  toml: 'target_frames',
});
export const frameExtraction = param({
  key: 'frame_extraction', group: 'dataset', label: 'Frame extraction', widget: 'select', type: 'string', default: 'head',
  options: ['head', 'chunk', 'slide', 'uniform', 'full'],
  help: 'Where clips are cut from each video: its start, consecutive chunks, a sliding window, evenly spread, or the whole video.',
  toml: 'frame_extraction',
});
export const frameStride = param({
  key: 'frame_stride', group: 'dataset', label: 'Frame stride', widget: 'number', type: 'integer', default: null, min: 1,
  help: 'Window step of the slide extraction.',
  toml: 'frame_stride',
});
export const frameSample = param({
  key: 'frame_sample', group: 'dataset', label: 'Clips per video', widget: 'number', type: 'integer', default: null, min: 1,
  help: 'Clips taken per video by the uniform extraction.',
  toml: 'frame_sample',
});
export const maxFrames = param({
  key: 'max_frames', group: 'dataset', label: 'Max frames', widget: 'number', type: 'integer', default: null, min: 1,
  help: 'Longest clip of the full extraction (engine default 129).',
  toml: 'max_frames',
});
export const sourceFps = param({
  key: 'source_fps', group: 'dataset', label: 'Source FPS', widget: 'number', type: 'number', default: null, min: 1,
  help: 'Frame rate of the source videos; given, frames are resampled to the model rate.',
  toml: 'source_fps',
});

// ---- captions (sd-scripts subsets) ----
export const keepTokens = param({
  key: 'keep_tokens', group: 'dataset', label: 'Keep first tokens', widget: 'number', type: 'integer', default: null, min: 0, max: 255,
  help: 'Caption tokens (comma-separated) kept in front when shuffling, e.g. 1 for a trigger word.',
  toml: 'keep_tokens',
});
export const shuffleCaption = param({
  key: 'shuffle_caption', group: 'dataset', label: 'Shuffle tags', widget: 'switch', type: 'boolean', default: false,
  help: 'Shuffle comma-separated tags each step. Not possible with cached text-encoder outputs.',
  toml: 'shuffle_caption',
});
export const captionDropoutRate = param({
  key: 'caption_dropout_rate', group: 'dataset', label: 'Caption dropout', widget: 'number', type: 'number', default: null, min: 0, max: 1,
  help: 'Fraction of steps trained with an empty caption. Not possible with cached text-encoder outputs.',
  toml: 'caption_dropout_rate',
});
export const flipAug = param({
  key: 'flip_aug', group: 'dataset', label: 'Horizontal flips', widget: 'switch', type: 'boolean', default: false,
  help: 'Also train on mirrored images (not for asymmetric subjects or text).',
  toml: 'flip_aug',
});

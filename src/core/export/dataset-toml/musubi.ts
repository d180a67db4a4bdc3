import { AppError } from '../../../shared/errors';
import { checkTable, intLiteralFloatKeys, isTable, missingFolder, samePathKey, topLevel, type KeySchema, type Table } from './schema';
import { defined, readToml, resolutionValue, writeToml } from './toml-text';
import type { Resolution, TomlProblem, ValidateOptions } from './types';

/**
 * kohya-ss musubi-tuner dataset config (src/musubi_tuner/dataset/config_utils.py, docs/dataset_config.md):
 * [general] defaults, then one [[datasets]] table per folder of pictures or videos. No subsets.
 */
export interface MusubiCommonOptions {
  /** [width, height] of the training buckets. */
  resolution?: Resolution;
  /** The caption files' extension, with its dot; musubi has no default for folder datasets. */
  captionExtension?: string;
  batchSize?: number;
  numRepeats?: number;
  enableBucket?: boolean;
  bucketNoUpscale?: boolean;
}

interface MusubiDatasetBase extends MusubiCommonOptions {
  /** Where latents and text-encoder outputs are cached; one per dataset, never shared. */
  cacheDirectory: string;
  /** Control (start) pictures, matched to the targets by file name (edit and Kontext models). */
  controlDirectory?: string;
}

export interface MusubiImageDataset extends MusubiDatasetBase {
  kind: 'image';
  imageDirectory: string;
  noResizeControl?: boolean;
  controlResolution?: Resolution;
  /** Qwen-Image-Layered: several target pictures per caption. */
  multipleTarget?: boolean;
}

export const frameExtractions = ['head', 'chunk', 'slide', 'uniform', 'full'] as const;
export type FrameExtraction = (typeof frameExtractions)[number];

export interface MusubiVideoDataset extends MusubiDatasetBase {
  kind: 'video';
  videoDirectory: string;
  /** Clip lengths in frames, each N*4+1. */
  targetFrames?: number[];
  frameExtraction?: FrameExtraction;
  frameStride?: number;
  frameSample?: number;
  maxFrames?: number;
  /** The videos' frame rate; frames are skipped to the model's rate. Unset: every frame is used. */
  sourceFps?: number;
}

export type MusubiDataset = MusubiImageDataset | MusubiVideoDataset;

export interface MusubiDatasetConfig {
  general?: MusubiCommonOptions;
  datasets: MusubiDataset[];
}

const ASCENDABLE: KeySchema = {
  caption_extension: 'str', batch_size: 'int', num_repeats: 'int', resolution: 'resolution', enable_bucket: 'bool',
  bucket_no_upscale: 'bool', skip_corrupted_cache: 'bool',
};
const IMAGE_DATASET: KeySchema = {
  ...ASCENDABLE, image_directory: 'str', image_jsonl_file: 'str', cache_directory: 'str', control_directory: 'str',
  multiple_target: 'bool', fp_latent_window_size: 'int', fp_1f_clean_indices: 'int_list', fp_1f_target_index: 'int',
  fp_1f_no_post: 'bool', no_resize_control: 'bool', control_resolution: 'resolution',
};
const VIDEO_DATASET: KeySchema = {
  ...ASCENDABLE, video_directory: 'str', video_jsonl_file: 'str', control_directory: 'str', target_frames: 'int_list',
  frame_extraction: 'str', frame_stride: 'int', frame_sample: 'int', max_frames: 'int', cache_directory: 'str',
  source_fps: 'float', fp_latent_window_size: 'int',
};
const FLOAT_KEYS = ['source_fps'] as const;

function commonTable(o: MusubiCommonOptions): Table {
  return defined({
    resolution: resolutionValue(o.resolution), caption_extension: o.captionExtension, batch_size: o.batchSize,
    num_repeats: o.numRepeats, enable_bucket: o.enableBucket, bucket_no_upscale: o.bucketNoUpscale,
  });
}

function datasetTable(d: MusubiDataset): Table {
  if (d.kind === 'image') {
    return defined({
      image_directory: d.imageDirectory, cache_directory: d.cacheDirectory, control_directory: d.controlDirectory,
      ...commonTable(d), no_resize_control: d.noResizeControl, control_resolution: resolutionValue(d.controlResolution),
      multiple_target: d.multipleTarget,
    });
  }
  return defined({
    video_directory: d.videoDirectory, cache_directory: d.cacheDirectory, control_directory: d.controlDirectory,
    ...commonTable(d), target_frames: d.targetFrames, frame_extraction: d.frameExtraction, frame_stride: d.frameStride,
    frame_sample: d.frameSample, max_frames: d.maxFrames, source_fps: d.sourceFps,
  });
}

/** The TOML text of a musubi-tuner dataset config; throws INVALID_INPUT listing the problems when the engine would
 * refuse it or train on the wrong data. */
export function musubiDatasetToml(cfg: MusubiDatasetConfig): string {
  const doc: Table = {};
  const general = cfg.general ? commonTable(cfg.general) : {};
  if (Object.keys(general).length) doc.general = general;
  doc.datasets = cfg.datasets.map(datasetTable);
  const text = writeToml(doc, FLOAT_KEYS, 'musubi-tuner dataset config (--dataset_config), written by Atelier.');
  const errors = validateMusubiToml(text).filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new AppError('INVALID_INPUT', `The musubi-tuner dataset config is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join(' ')}`, { problems: errors });
  }
  return text;
}

function atLeast(t: Table, key: string, at: string, problems: TomlProblem[]): void {
  const v = t[key];
  if (typeof v === 'number' && v < 1) problems.push({ severity: 'error', code: 'toml_at_least', details: { key, min: 1 }, path: `${at}.${key}`, message: `"${key}" must be at least 1.` });
}

/** Checks a musubi-tuner dataset TOML against the engine's schema and rules; [] when it would load as meant. */
export function validateMusubiToml(text: string, opts: ValidateOptions = {}): TomlProblem[] {
  const { doc, problems } = readToml(text);
  if (problems.length) return problems;
  topLevel(doc, problems);
  for (const key of intLiteralFloatKeys(text, FLOAT_KEYS)) {
    problems.push({ severity: 'error', code: 'toml_float_literal', details: { key }, path: key, message: `"${key}" must be written as a decimal number (30.0, not 30), which the engine requires.` });
  }
  if (doc.general !== undefined && !isTable(doc.general)) problems.push({ severity: 'error', code: 'toml_not_table', details: { table: 'general' }, path: 'general', message: '[general] must be a table.' });
  const general = isTable(doc.general) ? doc.general : {};
  checkTable(general, ASCENDABLE, 'general', 'musubi_general', problems);
  for (const key of ['batch_size', 'num_repeats']) atLeast(general, key, 'general', problems);
  const datasets = Array.isArray(doc.datasets) ? doc.datasets : [];
  if (datasets.length === 0) {
    problems.push({ severity: 'error', code: 'toml_no_datasets', details: { engine: 'musubi-tuner' }, path: 'datasets', message: 'Add at least one [[datasets]] table with image_directory or video_directory.' });
  }

  const caches = new Map<string, number>();
  datasets.forEach((d, di) => {
    const at = `datasets[${di}]`;
    if (!isTable(d)) return problems.push({ severity: 'error', code: 'toml_not_table', details: { table: 'datasets' }, path: at, message: 'Each [[datasets]] entry must be a table.' });
    const video = 'video_directory' in d || 'video_jsonl_file' in d;
    checkTable(d, video ? VIDEO_DATASET : IMAGE_DATASET, at, video ? 'video_dataset' : 'image_dataset', problems);
    const [dirKey, jsonlKey] = video ? ['video_directory', 'video_jsonl_file'] : ['image_directory', 'image_jsonl_file'];
    const sources = [dirKey, jsonlKey].filter((k) => k in d);
    if (sources.length !== 1) {
      problems.push({ severity: 'error', code: 'toml_one_source', details: { dirKey, jsonlKey, video }, path: at, message: `Give exactly one of ${dirKey} and ${jsonlKey}${video ? '' : ' (or video_directory for videos)'}.` });
    }
    for (const key of ['batch_size', 'num_repeats', 'frame_stride', 'frame_sample', 'max_frames']) atLeast(d, key, at, problems);
    const merged = { ...general, ...d };
    if (dirKey in d) {
      const ext = merged.caption_extension;
      if (ext === undefined) problems.push({ severity: 'error', code: 'toml_caption_extension_missing', path: `${at}.caption_extension`, message: 'A folder dataset needs caption_extension (for example ".txt") in [general] or here.' });
      else if (typeof ext === 'string' && !ext.startsWith('.')) problems.push({ severity: 'error', code: 'toml_caption_extension_dot', details: { ext }, path: `${at}.caption_extension`, message: `caption_extension replaces the file's extension, so it needs the dot: ".${ext}".` });
    }
    if (jsonlKey in d && !('cache_directory' in d)) {
      problems.push({ severity: 'error', code: 'toml_jsonl_cache', details: { jsonlKey }, path: `${at}.cache_directory`, message: `A dataset read from ${jsonlKey} needs its own cache_directory.` });
    }
    // musubi caches next to the pictures when cache_directory is unset, and refuses two datasets sharing a cache.
    const cache = d.cache_directory ?? d[dirKey];
    if (typeof cache === 'string') {
      const key = samePathKey(cache);
      const first = caches.get(key);
      if (first !== undefined) {
        problems.push({ severity: 'error', code: 'toml_shared_cache', details: { first, cache }, path: `${at}.cache_directory`, message: `datasets[${first}] already caches in ${cache}; give each dataset its own cache_directory.` });
      } else caches.set(key, di);
    }
    if (opts.directoryExists) {
      for (const key of [dirKey, 'control_directory']) {
        const dir = d[key];
        if (typeof dir === 'string' && !opts.directoryExists(dir)) missingFolder(dir, `${at}.${key}`, problems);
      }
    }
    if (video) checkVideo(d, at, problems);
  });
  return problems;
}

function checkVideo(d: Table, at: string, problems: TomlProblem[]): void {
  const frames = Array.isArray(d.target_frames) ? (d.target_frames as unknown[]) : [];
  frames.forEach((n, k) => {
    if (typeof n === 'number' && (n < 1 || (n - 1) % 4 !== 0)) {
      const down = Math.max(1, Math.floor((n - 1) / 4) * 4 + 1);
      problems.push({ severity: 'error', code: 'toml_target_frames', details: { frames: n, down, up: down + 4 }, path: `${at}.target_frames[${k}]`, message: `target_frames must be of the form N*4+1 (1, 5, 9, … 81); ${n} would be cut to ${down}, use ${down} or ${down + 4}.` });
    }
  });
  const how = d.frame_extraction;
  if (how !== undefined && !frameExtractions.includes(how as FrameExtraction)) {
    problems.push({ severity: 'error', code: 'toml_frame_extraction', details: { options: [...frameExtractions] }, path: `${at}.frame_extraction`, message: `frame_extraction must be one of ${frameExtractions.join(', ')}.` });
  }
  if (how === 'chunk' && frames.includes(1)) {
    problems.push({ severity: 'warning', code: 'toml_chunk_one', path: `${at}.target_frames`, message: 'With frame_extraction "chunk", a 1 in target_frames makes every frame its own clip; remove it.' });
  }
  if (typeof d.source_fps === 'number' && d.source_fps <= 0) problems.push({ severity: 'error', code: 'toml_source_fps', path: `${at}.source_fps`, message: 'source_fps must be above 0 (for example 30.0).' });
}

import { AppError } from '../../../shared/errors';
import { checkTable, intLiteralFloatKeys, isTable, missingFolder, topLevel, type KeySchema, type Table } from './schema';
import { defined, readToml, resolutionValue, writeToml } from './toml-text';
import type { Resolution, TomlProblem, ValidateOptions } from './types';

/**
 * kohya-ss sd-scripts dataset config (library/config_util.py, docs/config_README-en.md): [general], then
 * [[datasets]] (bucketing, resolution, batch size), each with [[datasets.subsets]] (a folder of pictures and how
 * its captions are read). Written for the DreamBooth-style subsets train_network.py and its SDXL/FLUX variants read.
 */
export interface SdScriptsSubset {
  imageDir: string;
  numRepeats?: number;
  /** The caption files' extension, with its dot. sd-scripts' own default is ".caption". */
  captionExtension?: string;
  /** The caption of pictures that have no caption file. */
  classTokens?: string;
  isReg?: boolean;
  shuffleCaption?: boolean;
  keepTokens?: number;
  keepTokensSeparator?: string;
  captionPrefix?: string;
  captionSuffix?: string;
  captionDropoutRate?: number;
  captionDropoutEveryNEpochs?: number;
  captionTagDropoutRate?: number;
  flipAug?: boolean;
  colorAug?: boolean;
  randomCrop?: boolean;
}

export interface SdScriptsDatasetOptions {
  resolution?: Resolution;
  batchSize?: number;
  enableBucket?: boolean;
  minBucketReso?: number;
  maxBucketReso?: number;
  bucketResoSteps?: number;
  bucketNoUpscale?: boolean;
  /** Share of the pictures held out for validation loss (recent sd-scripts). */
  validationSplit?: number;
  validationSeed?: number;
}

export interface SdScriptsDataset extends SdScriptsDatasetOptions {
  subsets: SdScriptsSubset[];
}

export interface SdScriptsDatasetConfig {
  /** Defaults for every dataset and subset. */
  general?: SdScriptsDatasetOptions & Omit<Partial<SdScriptsSubset>, 'imageDir' | 'isReg'>;
  datasets: SdScriptsDataset[];
}

// The voluptuous schema of ConfigSanitizer with DreamBooth, fine-tuning and dropout support (train_network.py).
const DATASET_ASCENDABLE: KeySchema = {
  batch_size: 'int', bucket_no_upscale: 'bool', bucket_reso_steps: 'int', enable_bucket: 'bool', max_bucket_reso: 'int',
  min_bucket_reso: 'int', resolution: 'resolution', network_multiplier: 'float', validation_split: 'float', validation_seed: 'int',
};
const SUBSET_ASCENDABLE: KeySchema = {
  color_aug: 'bool', face_crop_aug_range: 'float_pair', flip_aug: 'bool', num_repeats: 'int', random_crop: 'bool',
  shuffle_caption: 'bool', keep_tokens: 'int', keep_tokens_separator: 'str', secondary_separator: 'str', enable_wildcard: 'bool',
  token_warmup_min: 'int', token_warmup_step: 'number', caption_prefix: 'str', caption_suffix: 'str',
};
const DROPOUT_ASCENDABLE: KeySchema = { caption_dropout_every_n_epochs: 'int', caption_dropout_rate: 'number', caption_tag_dropout_rate: 'number' };
const DB_SUBSET_ASCENDABLE: KeySchema = { caption_extension: 'str', class_tokens: 'str', cache_info: 'bool' };
const DB_SUBSET: KeySchema = { ...SUBSET_ASCENDABLE, ...DROPOUT_ASCENDABLE, ...DB_SUBSET_ASCENDABLE, image_dir: 'str', is_reg: 'bool' };
const FT_SUBSET: KeySchema = { ...SUBSET_ASCENDABLE, ...DROPOUT_ASCENDABLE, metadata_file: 'str', image_dir: 'str' };
const DB_DATASET: KeySchema = { ...DATASET_ASCENDABLE, ...SUBSET_ASCENDABLE, ...DB_SUBSET_ASCENDABLE, ...DROPOUT_ASCENDABLE };
const FT_DATASET: KeySchema = { ...DATASET_ASCENDABLE, ...SUBSET_ASCENDABLE, ...DROPOUT_ASCENDABLE };
const GENERAL: KeySchema = { ...DATASET_ASCENDABLE, ...SUBSET_ASCENDABLE, ...DB_SUBSET_ASCENDABLE, ...DROPOUT_ASCENDABLE };
const FLOAT_KEYS = ['validation_split', 'network_multiplier'] as const;

function subsetTable(s: Partial<SdScriptsSubset>): Table {
  return defined({
    image_dir: s.imageDir, num_repeats: s.numRepeats, caption_extension: s.captionExtension, class_tokens: s.classTokens,
    is_reg: s.isReg, shuffle_caption: s.shuffleCaption, keep_tokens: s.keepTokens, keep_tokens_separator: s.keepTokensSeparator,
    caption_prefix: s.captionPrefix, caption_suffix: s.captionSuffix, caption_dropout_rate: s.captionDropoutRate,
    caption_dropout_every_n_epochs: s.captionDropoutEveryNEpochs, caption_tag_dropout_rate: s.captionTagDropoutRate,
    flip_aug: s.flipAug, color_aug: s.colorAug, random_crop: s.randomCrop,
  });
}

function datasetOptionsTable(d: SdScriptsDatasetOptions): Table {
  return defined({
    resolution: resolutionValue(d.resolution), batch_size: d.batchSize, enable_bucket: d.enableBucket, min_bucket_reso: d.minBucketReso,
    max_bucket_reso: d.maxBucketReso, bucket_reso_steps: d.bucketResoSteps, bucket_no_upscale: d.bucketNoUpscale,
    validation_split: d.validationSplit, validation_seed: d.validationSeed,
  });
}

/** The TOML text of an sd-scripts dataset config; throws INVALID_INPUT listing the problems when the engine would
 * refuse it. */
export function sdScriptsDatasetToml(cfg: SdScriptsDatasetConfig): string {
  const doc: Table = {};
  const general = cfg.general ? { ...datasetOptionsTable(cfg.general), ...subsetTable(cfg.general) } : {};
  if (Object.keys(general).length) doc.general = general;
  doc.datasets = cfg.datasets.map((d) => ({ ...datasetOptionsTable(d), subsets: d.subsets.map(subsetTable) }));
  const text = writeToml(doc, FLOAT_KEYS, 'sd-scripts dataset config (--dataset_config), written by Atelier.');
  const errors = validateSdScriptsToml(text).filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new AppError('INVALID_INPUT', `The sd-scripts dataset config is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join(' ')}`, { problems: errors });
  }
  return text;
}

function positive(t: Table, key: string, at: string, problems: TomlProblem[], min = 1): void {
  const v = t[key];
  if (typeof v === 'number' && v < min) problems.push({ severity: 'error', code: 'toml_at_least', details: { key, min }, path: `${at}.${key}`, message: `"${key}" must be at least ${min}.` });
}

/** Checks an sd-scripts dataset TOML against the engine's schema and rules; [] when it would load as meant. */
export function validateSdScriptsToml(text: string, opts: ValidateOptions = {}): TomlProblem[] {
  const { doc, problems } = readToml(text);
  if (problems.length) return problems;
  topLevel(doc, problems);
  for (const key of intLiteralFloatKeys(text, FLOAT_KEYS)) {
    problems.push({ severity: 'error', code: 'toml_float_literal', details: { key }, path: key, message: `"${key}" must be written as a decimal number (for example 0.0), which the engine requires.` });
  }
  const general = isTable(doc.general) ? doc.general : {};
  if (doc.general !== undefined && !isTable(doc.general)) problems.push({ severity: 'error', code: 'toml_not_table', details: { table: 'general' }, path: 'general', message: '[general] must be a table.' });
  checkTable(general, GENERAL, 'general', 'general', problems);
  const datasets = Array.isArray(doc.datasets) ? doc.datasets : [];
  if (datasets.length === 0) {
    problems.push({ severity: 'error', code: 'toml_no_datasets', details: { engine: 'sd-scripts' }, path: 'datasets', message: 'Add at least one [[datasets]] table with a [[datasets.subsets]] naming a folder of pictures.' });
  }

  datasets.forEach((d, di) => {
    const at = `datasets[${di}]`;
    if (!isTable(d)) return problems.push({ severity: 'error', code: 'toml_not_table', details: { table: 'datasets' }, path: at, message: 'Each [[datasets]] entry must be a table.' });
    const subsets = Array.isArray(d.subsets) ? d.subsets.filter(isTable) : [];
    if (subsets.length === 0) problems.push({ severity: 'error', code: 'toml_no_subsets', path: `${at}.subsets`, message: 'Add at least one [[datasets.subsets]] with image_dir.' });
    const ft = subsets.filter((s) => 'metadata_file' in s).length;
    if (ft > 0 && ft < subsets.length) {
      problems.push({ severity: 'error', code: 'toml_mixed_subsets', path: `${at}.subsets`, message: 'DreamBooth subsets (image_dir and caption files) and fine-tuning subsets (metadata_file) cannot share a dataset; split them into two [[datasets]].' });
    }
    const fineTuning = ft > 0 && ft === subsets.length;
    checkTable(d, fineTuning ? FT_DATASET : DB_DATASET, at, 'dataset', problems, ['subsets']);
    for (const key of ['batch_size', 'bucket_reso_steps']) positive(d, key, at, problems);
    const merged = { ...general, ...d };
    checkBuckets(merged, at, problems);
    const split = merged.validation_split;
    if (typeof split === 'number' && (split < 0 || split >= 1)) problems.push({ severity: 'error', code: 'toml_validation_split', path: `${at}.validation_split`, message: '"validation_split" must be at least 0 and below 1 (0.1 holds out a tenth).' });

    subsets.forEach((s, si) => {
      const sat = `${at}.subsets[${si}]`;
      checkTable(s, fineTuning ? FT_SUBSET : DB_SUBSET, sat, 'subset', problems);
      if (!fineTuning && typeof s.image_dir !== 'string') problems.push({ severity: 'error', code: 'toml_image_dir_missing', path: `${sat}.image_dir`, message: 'Each subset needs image_dir, the folder of its pictures.' });
      if (typeof s.image_dir === 'string' && opts.directoryExists && !opts.directoryExists(s.image_dir)) missingFolder(s.image_dir, `${sat}.image_dir`, problems);
      positive(s, 'num_repeats', sat, problems);
      positive(s, 'keep_tokens', sat, problems, 0);
      const all = { ...merged, ...s };
      for (const key of ['caption_dropout_rate', 'caption_tag_dropout_rate']) {
        const v = all[key];
        if (typeof v === 'number' && (v < 0 || v > 1)) problems.push({ severity: 'error', code: 'toml_probability', details: { key }, path: `${sat}.${key}`, message: `"${key}" is a probability: between 0 and 1.` });
      }
      if (!fineTuning) {
        const ext = all.caption_extension;
        if (ext === undefined) {
          problems.push({ severity: 'warning', code: 'toml_caption_extension_default', path: `${sat}.caption_extension`, message: 'Without caption_extension sd-scripts reads ".caption" files; set caption_extension = ".txt" for .txt captions.' });
        } else if (typeof ext === 'string' && !ext.startsWith('.')) {
          problems.push({ severity: 'error', code: 'toml_caption_extension_dot', details: { ext }, path: `${sat}.caption_extension`, message: `caption_extension is appended to the picture's name without its extension, so it needs the dot: ".${ext}".` });
        }
      }
    });
  });
  return problems;
}

function checkBuckets(t: Table, at: string, problems: TomlProblem[]): void {
  if (t.enable_bucket !== true) return;
  const min = typeof t.min_bucket_reso === 'number' ? t.min_bucket_reso : 256;
  const max = typeof t.max_bucket_reso === 'number' ? t.max_bucket_reso : 1024;
  const steps = typeof t.bucket_reso_steps === 'number' && t.bucket_reso_steps > 0 ? t.bucket_reso_steps : 64;
  if (min > max) problems.push({ severity: 'error', code: 'toml_bucket_order', details: { min, max }, path: `${at}.min_bucket_reso`, message: `min_bucket_reso (${min}) is above max_bucket_reso (${max}).` });
  const r = t.resolution;
  const side = typeof r === 'number' ? [r, r] : Array.isArray(r) ? (r as number[]) : null;
  if (side && Math.min(...side) < min) problems.push({ severity: 'error', code: 'toml_bucket_min', details: { min, side: Math.min(...side) }, path: `${at}.min_bucket_reso`, message: `min_bucket_reso (${min}) must not exceed the resolution's shorter side (${Math.min(...side)}).` });
  if (side && Math.max(...side) > max) problems.push({ severity: 'error', code: 'toml_bucket_max', details: { max, side: Math.max(...side) }, path: `${at}.max_bucket_reso`, message: `max_bucket_reso (${max}) must be at least the resolution's longer side (${Math.max(...side)}).` });
  for (const key of ['min_bucket_reso', 'max_bucket_reso'] as const) {
    const v = key === 'min_bucket_reso' ? min : max;
    if (key in t && v % steps !== 0) problems.push({ severity: 'warning', code: 'toml_bucket_steps', details: { key, value: v, steps }, path: `${at}.${key}`, message: `${key} (${v}) is not a multiple of bucket_reso_steps (${steps}); sd-scripts rounds it.` });
  }
}

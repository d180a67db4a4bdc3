import { z } from 'zod';

/*
 * The pre-flight results of a planned run and the doctor's checks name their cause by a stable code, with the
 * names and numbers their sentences quote in `details`. The core's English `message` is for the CLI, logs and bug
 * reports; a client showing another language says the same from the code and details.
 */

/** The names and numbers a coded message quotes (paths, keys, counts), as they are in every language. */
export const causeDetailsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]));
export type CauseDetails = z.infer<typeof causeDetailsSchema>;

/** What is wrong with an engine's dataset TOML (src/core/export/dataset-toml), by cause. */
export const tomlProblemCodes = [
  /** details: error (the parser's line). */
  'toml_syntax',
  /** details: key. */
  'toml_top_level',
  /** details: key, table (a tomlTableKinds entry). */
  'toml_unknown_key',
  /** details: key, kind (a tomlValueKinds entry). */
  'toml_value_kind',
  /** A float key written as a whole number; details: key. */
  'toml_float_literal',
  /** details: table ('general' or 'datasets'). */
  'toml_not_table',
  /** details: key, min. */
  'toml_at_least',
  /** details: engine. */
  'toml_no_datasets',
  /** details: dirKey, jsonlKey, video. */
  'toml_one_source',
  'toml_caption_extension_missing',
  /** details: ext. */
  'toml_caption_extension_dot',
  /** sd-scripts reads ".caption" files when none is given. */
  'toml_caption_extension_default',
  /** details: jsonlKey. */
  'toml_jsonl_cache',
  /** details: first (the dataset index already caching there), cache. */
  'toml_shared_cache',
  /** details: dir. */
  'toml_folder_missing',
  /** details: frames, down, up. */
  'toml_target_frames',
  /** details: options. */
  'toml_frame_extraction',
  'toml_chunk_one',
  'toml_source_fps',
  'toml_no_subsets',
  'toml_mixed_subsets',
  'toml_validation_split',
  'toml_image_dir_missing',
  /** details: key. */
  'toml_probability',
  /** details: min, max. */
  'toml_bucket_order',
  /** details: min, side. */
  'toml_bucket_min',
  /** details: max, side. */
  'toml_bucket_max',
  /** details: key, value, steps. */
  'toml_bucket_steps',
] as const;
export type TomlProblemCode = (typeof tomlProblemCodes)[number];

/** The tables a dataset TOML key can be refused in. */
export const tomlTableKinds = ['general', 'musubi_general', 'image_dataset', 'video_dataset', 'dataset', 'subset'] as const;
export type TomlTableKind = (typeof tomlTableKinds)[number];

/** The value kinds of the engines' voluptuous schemas. `float` is Python's float: an integer literal is refused. */
export const tomlValueKinds = ['int', 'float', 'number', 'bool', 'str', 'resolution', 'int_list', 'float_pair'] as const;
export type TomlValueKind = (typeof tomlValueKinds)[number];

/** A parameter value's problem (paramValueProblem), as a plan issue: `value_` and its code. */
export const valueProblemCodes = ['min', 'max', 'length', 'one_of', 'required', 'number', 'integer', 'boolean', 'key_value'] as const;
export type ValueProblemCode = (typeof valueProblemCodes)[number];

export const planIssueCodes = [
  // The engine (details: engine, the engine's title).
  'engine_not_set',
  /** details: engine, path. */
  'engine_folder_missing',
  /** details: engine, script, folder, model (the model's title). */
  'engine_script_missing',
  'python_not_set',
  /** details: engine, python. */
  'python_missing',
  /** details: python, accelerate. */
  'accelerate_missing',
  // The dataset.
  /** details: model, kinds, dataset, kind, fits (model types that train on it). */
  'dataset_kind',
  /** details: dataset, video. */
  'no_items',
  /** details: model, dataset. */
  'no_controls',
  /** details: bare, total, prompt. */
  'bare_items',
  /** details: count. */
  'items_not_ready',
  // The values (with the parameter's key).
  /** details: path. */
  'model_file_missing',
  /** details: frames, down, up. */
  'target_frames',
  'no_length',
  'output_name_chars',
  'no_save_state',
  'no_sample_interval',
  /** details: min. */
  'value_min',
  /** details: max. */
  'value_max',
  /** details: length. */
  'value_length',
  /** details: options. */
  'value_one_of',
  'value_required',
  'value_number',
  'value_integer',
  'value_boolean',
  /** details: item. */
  'value_key_value',
  // The engines' own rules over the values.
  'fp8_scaled_needs_base',
  /** details: keys (the attention switches that are on). */
  'one_attention',
  /** details: model (the DiT's name), max. */
  'max_blocks',
  /** details: precision ('fp16' or 'bf16'). */
  'full_precision',
  'full_both',
  'cached_te_unet_only',
  'cached_te_shuffle',
  'cached_te_dropout',
  'swap_or_offload',
  'wan_i2v_clip',
  'offload_inactive_with_swap',
  // The dataset TOML the run would write (details: path, the TOML path, and the problem's own).
  ...tomlProblemCodes,
] as const;
export type PlanIssueCode = (typeof planIssueCodes)[number];

export const planIssueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.enum(planIssueCodes),
  /** The parameter to fix, when there is one. */
  key: z.string().optional(),
  details: causeDetailsSchema.optional(),
  /** The core's English: what is wrong and what to change. */
  message: z.string(),
});
export type PlanIssueShape = z.infer<typeof planIssueSchema>;

export const doctorCheckIds = ['folder', 'commit', 'python', 'imports', 'accelerate', 'torch', 'gpu', 'disk', 'models'] as const;
export type DoctorCheckId = (typeof doctorCheckIds)[number];

/** What a doctor check found. Where the fix is to install the engine, details hold repo and commit (7 digits). */
export const doctorCheckCodes = [
  /** details: engine, repo, commit. */
  'folder_not_set',
  /** details: path, repo, commit. */
  'folder_missing',
  /** details: path, scripts, engine, repo, commit. */
  'folder_lacks_scripts',
  /** details: path, models. */
  'folder_ok',
  /** details: path, repo, commit. */
  'commit_unknown',
  /** details: path, head, commit, fullCommit. */
  'commit_other',
  /** details: commit. */
  'commit_ok',
  /** details: engine, folder (null: none set), repo, commit. */
  'python_not_set',
  /** details: python, why ('timeout', 'not_found' or 'error'), error, example (the venv interpreter), repo, commit. */
  'python_failed',
  /** details: version, engine, min, max, venv. */
  'python_version',
  /** details: version, executable. */
  'python_ok',
  /** The import and torch checks when Python is missing (working false) or does not run (true). */
  'needs_python',
  /** details: failures ("module: error"), folder, requirements (a command, or null), torch (a command, or null),
   * tensorboard (a command, or null). */
  'imports_failed',
  /** details: modules. */
  'imports_ok',
  /** details: launcher, python. */
  'accelerate_missing',
  /** details: launcher. */
  'accelerate_ok',
  /** details: error, command. */
  'torch_missing',
  /** details: version, command. */
  'torch_cpu_build',
  /** details: version, cuda. */
  'torch_no_device',
  /** details: version, cuda, names, memoryGb. */
  'torch_ok',
  'gpu_no_driver',
  'gpu_none',
  /** details: names, totalGb, freeGb, drivers. */
  'gpu_ok',
  /** Under 5 GB free (disk_tight: under 30 GB); details: freeGb, dir. */
  'disk_low',
  'disk_tight',
  'disk_ok',
  /** details: dir, error. */
  'disk_unknown',
  /** details: models. */
  'models_none',
  /** details: keys, owners (a model type, or a family id with family true in scopes), scopes, paths. */
  'models_missing',
  /** details: count. */
  'models_ok',
] as const;
export type DoctorCheckCode = (typeof doctorCheckCodes)[number];

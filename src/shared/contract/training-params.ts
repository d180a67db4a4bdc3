import { z } from 'zod';
import type { CauseDetails, ValueProblemCode } from './training-issues';

/** The training engines Atelier drives: the real Python projects on the user's machine. */
export const engineIds = ['musubi-tuner', 'sd-scripts'] as const;
export type EngineId = (typeof engineIds)[number];

/** Form sections, in display order. */
export const paramGroups = ['paths', 'dataset', 'basic', 'optimizer', 'precision', 'sampling', 'saving', 'advanced'] as const;
export type ParamGroup = (typeof paramGroups)[number];

export const paramTypes = ['string', 'number', 'integer', 'boolean', 'string[]', 'number[]', 'integer[]'] as const;
export type ParamType = (typeof paramTypes)[number];

export const paramWidgets = ['text', 'textarea', 'number', 'switch', 'select', 'file', 'folder', 'list', 'kv-list', 'size'] as const;
export type ParamWidget = (typeof paramWidgets)[number];

/** The commands of a run a flag can go to. */
export const stepNames = ['cache_latents', 'cache_text_encoder_outputs', 'train'] as const;
export type StepName = (typeof stepNames)[number];

/** How a value becomes argv: `--flag v`, a bare `--flag` when true, `--flag a b c`, or `--flag k=v k2=v2`. */
export const cliKinds = ['value', 'store_true', 'multi', 'key=value'] as const;
export type CliKind = (typeof cliKinds)[number];

export const paramValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.array(z.number())]);
export type ParamValue = z.infer<typeof paramValueSchema>;
export const paramValuesSchema = z.record(z.string(), paramValueSchema.nullable());
export type ParamValues = z.infer<typeof paramValuesSchema>;

export const cliMapSchema = z.object({
  flag: z.string().regex(/^--[a-z0-9_]+$/),
  kind: z.enum(cliKinds),
  /** The steps that get the flag (default: training only). */
  steps: z.array(z.enum(stepNames)).default(['train']),
  /** Only for this engine (a family path shared by models of both engines maps to a different flag in each). */
  engine: z.enum(engineIds).optional(),
});
export type CliMap = z.infer<typeof cliMapSchema>;

/** One setting, declared once: the form, `--set`, validation and the argv are all generated from it. */
export const paramSpecSchema = z.object({
  /** Stable id: the `--set` key, the form field and the stored value. */
  key: z.string().regex(/^[a-z0-9_]+$/),
  group: z.enum(paramGroups),
  label: z.string(),
  help: z.string(),
  widget: z.enum(paramWidgets),
  type: z.enum(paramTypes),
  /** null: not set, so its flag is left out and the engine's own default applies. */
  default: paramValueSchema.nullable(),
  options: z.array(z.string()).optional(),
  /** A select whose options are suggestions (e.g. any torch optimizer class). */
  allowCustom: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Exact list length for sizes and pairs. */
  length: z.number().int().optional(),
  required: z.boolean(),
  /** Remembered as the model's last used value for the next run. */
  persist: z.boolean(),
  /** Set by the planner (dataset config, output and logging folders), never by the user. */
  internal: z.boolean(),
  /** A model file or folder kept in the global model paths: per architecture family (shared) or per model. */
  path: z.object({ kind: z.enum(['file', 'dir']), scope: z.enum(['family', 'model']) }).optional(),
  cli: z.array(cliMapSchema),
  /** Written to the dataset TOML under this key instead of the command line. */
  toml: z.string().optional(),
  /** Changing it leaves cached latents and text-encoder outputs valid (a batch size, where a cache lives while it
   * is made): it is left out of the cache keys. */
  cacheNeutral: z.boolean().optional(),
});
export type ParamSpec = z.infer<typeof paramSpecSchema>;
export type ParamSpecInput = z.input<typeof paramSpecSchema>;

/** The zod schema of one parameter's value (null means "unset"). Shared by the service, the CLI and the form. */
export function paramValueSchemaFor(p: Pick<ParamSpec, 'key' | 'label' | 'type' | 'options' | 'allowCustom' | 'min' | 'max' | 'length' | 'required'>): z.ZodType<ParamValue | null> {
  const bounded = (n: z.ZodNumber) => {
    let s = n;
    if (p.min !== undefined) s = s.min(p.min, `${p.label} must be at least ${p.min}.`);
    if (p.max !== undefined) s = s.max(p.max, `${p.label} must be at most ${p.max}.`);
    return s;
  };
  const list = <T extends z.ZodType>(item: T) => {
    const a = z.array(item);
    return p.length !== undefined ? a.length(p.length, `${p.label} needs exactly ${p.length} values.`) : a;
  };
  let s: z.ZodType<ParamValue>;
  switch (p.type) {
    case 'string':
      s = p.options && !p.allowCustom
        ? z.enum(p.options as [string, ...string[]], { message: `${p.label} must be one of: ${p.options.join(', ')}.` })
        : z.string();
      break;
    case 'number':
      s = bounded(z.number({ message: `${p.label} must be a number.` }));
      break;
    case 'integer':
      s = bounded(z.number({ message: `${p.label} must be a whole number.` }).int(`${p.label} must be a whole number.`));
      break;
    case 'boolean':
      s = z.boolean({ message: `${p.label} must be true or false.` });
      break;
    case 'string[]':
      s = list(z.string());
      break;
    case 'number[]':
      s = list(bounded(z.number()));
      break;
    case 'integer[]':
      s = list(bounded(z.number().int(`${p.label} takes whole numbers.`)));
      break;
  }
  return p.required ? s.nullable().refine((v) => v !== null && v !== '', `${p.label} is required.`) : s.nullable();
}

/** What is wrong with a parameter's value, by cause (with the bounds it names) and in the core's English; null
 * when it is valid. The one reading of the schema's verdict, shared by the pre-flight and the form. */
export function paramValueProblem(
  p: Pick<ParamSpec, 'key' | 'label' | 'type' | 'options' | 'allowCustom' | 'min' | 'max' | 'length' | 'required' | 'cli'>,
  v: ParamValue | null | undefined,
): { code: ValueProblemCode; details: CauseDetails; message: string } | null {
  const r = paramValueSchemaFor(p).safeParse(v ?? null);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const wrongLength = Array.isArray(v) && p.length !== undefined && v.length !== p.length;
    const said = (code: ValueProblemCode, details: CauseDetails = {}) => ({ code, details, message: issue.message });
    switch (issue.code) {
      case 'too_small':
        return wrongLength ? said('length', { length: p.length! }) : said('min', { min: p.min ?? 0 });
      case 'too_big':
        return wrongLength ? said('length', { length: p.length! }) : said('max', { max: p.max ?? 0 });
      case 'invalid_value':
        return said('one_of', { options: p.options ?? [] });
      case 'custom':
        return said('required');
      default:
        return said(p.type === 'boolean' ? 'boolean' : p.type === 'integer' || p.type === 'integer[]' ? 'integer' : 'number');
    }
  }
  if (Array.isArray(v) && p.cli.some((c) => c.kind === 'key=value')) {
    const loose = v.find((x) => !/^[^=\s]+=\S/.test(String(x)));
    if (loose !== undefined) return { code: 'key_value', details: { item: String(loose) }, message: `${p.label}: "${loose}" is not key=value.` };
  }
  return null;
}

export const presetSummarySchema = z.object({ id: z.string(), label: z.string(), help: z.string() });
export type PresetSummary = z.infer<typeof presetSummarySchema>;

export const datasetKindsForTraining = ['image', 'video', 'control-pair'] as const;

export const modelSummarySchema = z.object({
  type: z.string(),
  title: z.string(),
  description: z.string(),
  engine: z.enum(engineIds),
  /** Models of a family share their global model paths (VAE, text encoders). */
  family: z.string(),
  datasetKinds: z.array(z.enum(datasetKindsForTraining)),
  presets: z.array(presetSummarySchema),
  memoryPresets: z.array(presetSummarySchema),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const modelSchemaSchema = z.object({
  model: modelSummarySchema,
  /** The user-facing parameters, in group order then declaration order, with this model's defaults. */
  params: z.array(paramSpecSchema),
  /** Values each preset and memory preset sets. */
  presetValues: z.record(z.string(), paramValuesSchema),
  memoryPresetValues: z.record(z.string(), paramValuesSchema),
  /** The persisted parameters' last used values (and the global model paths). */
  saved: paramValuesSchema,
});
export type ModelSchema = z.infer<typeof modelSchemaSchema>;

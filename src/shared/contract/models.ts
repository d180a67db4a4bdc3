import { z } from 'zod';
import { isoTime, jobRefSchema } from './common';
import { method } from './define';

// ---- The catalog file (resources/tagger-models.json), validated at load ----

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');
/** A plain file name inside a model folder: no folders, no `..`. */
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a model file is a plain file name');

export const modelFileRoles = ['model', 'tags', 'config'] as const;

export const catalogFileSchema = z.object({
  name: fileName,
  /** model: the ONNX graph; tags: the label CSV; config: anything else the tagger reads (preprocess.json…). */
  role: z.enum(modelFileRoles),
  /** Exact byte size, only when known (checked before the hash). */
  bytes: z.number().int().positive().optional(),
  /** Pinned content hash; when absent, the hash is recorded at the first download and enforced afterwards. */
  sha256: sha256Hex.optional(),
});
export type CatalogFile = z.infer<typeof catalogFileSchema>;

/** How pictures become the model's input tensor. */
export const preprocessSchema = z.discriminatedUnion('kind', [
  /** SmilingWolf WD recipe: alpha onto white, centred white square, bicubic to the input size, BGR, float32 0..255, NHWC. */
  z.object({ kind: z.literal('wd') }),
  /** Read from the model's own config file (Camie and PixAI ship a preprocess.json). */
  z.object({ kind: z.literal('config'), file: fileName }),
]);
export type Preprocess = z.infer<typeof preprocessSchema>;

export const modelThresholdsSchema = z.object({
  general: z.number().min(0).max(1),
  character: z.number().min(0).max(1),
  /** The model card's precision = recall threshold, when published. */
  precisionRecall: z.number().min(0).max(1).optional(),
});

export const catalogEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a model id is lowercase letters, digits, dot, dash, underscore'),
  name: z.string().min(1),
  family: z.string().min(1),
  /** Hugging Face repository, owner/name. */
  repo: z.string().regex(/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/),
  /** A 40-hex commit pins the files; a branch name is resolved to its commit at the first download and kept. */
  revision: z.string().regex(/^[\w.-]+$/),
  licence: z.string().min(1),
  files: z.array(catalogFileSchema).min(1),
  /** Rough download size for display, when no exact sizes are known. */
  approxBytes: z.number().int().positive().optional(),
  tagCount: z.number().int().positive().optional(),
  /** Square input side as published; the session reads the real one from the model. */
  inputSize: z.number().int().positive(),
  /** Batch dimension as published; the session reads the real one from the model. */
  batch: z.union([z.literal('dynamic'), z.number().int().positive()]),
  thresholds: modelThresholdsSchema,
  preprocess: preprocessSchema,
  notes: z.string().optional(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z
  .object({
    version: z.literal(1),
    /** The model offered first. */
    default: z.string(),
    models: z.array(catalogEntrySchema).min(1),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    c.models.forEach((m, i) => {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate model id "${m.id}"` });
      ids.add(m.id);
      for (const role of ['model', 'tags'] as const) {
        if (m.files.filter((f) => f.role === role).length !== 1) {
          ctx.addIssue({ code: 'custom', path: ['models', i, 'files'], message: `"${m.id}" needs exactly one file with role "${role}"` });
        }
      }
      if (new Set(m.files.map((f) => f.name)).size !== m.files.length) {
        ctx.addIssue({ code: 'custom', path: ['models', i, 'files'], message: `"${m.id}" lists a file twice` });
      }
      if (m.preprocess.kind === 'config' && !m.files.some((f) => f.name === (m.preprocess as { file: string }).file)) {
        ctx.addIssue({ code: 'custom', path: ['models', i, 'preprocess'], message: `"${m.id}" reads a config file it does not download` });
      }
    });
    if (!ids.has(c.default)) ctx.addIssue({ code: 'custom', path: ['default'], message: `default model "${c.default}" is not in the catalog` });
  });
export type Catalog = z.infer<typeof catalogSchema>;

// ---- What the services report ----

export const modelInstallStates = ['absent', 'partial', 'ready'] as const;

export const catalogModelSchema = catalogEntrySchema.extend({
  status: z.enum(modelInstallStates),
  /** Bytes already on disk (finished files plus partial downloads). */
  downloadedBytes: z.number().int().nonnegative(),
  /** The active download job, if one is queued or running. */
  jobId: z.number().int().positive().nullable(),
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export const installedModelStates = ['ready', 'partial', 'missing', 'invalid'] as const;

export const installedModelSchema = z.object({
  /** Catalog id, or `local-…` for a user-added folder. Pass it to tagger.run as `model`. */
  id: z.string(),
  name: z.string(),
  source: z.enum(['catalog', 'local']),
  dir: z.string(),
  /** ready: usable; partial: a download is unfinished; missing: a local folder is gone; invalid: its files are unusable. */
  status: z.enum(installedModelStates),
  error: z.string().nullable(),
  diskBytes: z.number().int().nonnegative(),
  repo: z.string().nullable(),
  /** The commit the files came from, when known. */
  revision: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().nullable() })),
  preprocess: preprocessSchema,
  thresholds: modelThresholdsSchema.nullable(),
  addedAt: isoTime.nullable(),
});
export type InstalledModel = z.infer<typeof installedModelSchema>;

// ---- Execution providers ----

/** onnxruntime-node execution providers Atelier knows how to ask for. */
export const executionProviders = ['cpu', 'cuda', 'tensorrt', 'dml', 'coreml', 'webgpu'] as const;
export type ExecutionProvider = (typeof executionProviders)[number];
export const providerRequests = ['auto', ...executionProviders] as const;
export type ProviderRequest = (typeof providerRequests)[number];

/** The command that fetches onnxruntime-node's CUDA (and TensorRT) provider build. */
export const CUDA_INSTALL_HINT = 'npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12';

/** Why a provider did not run, by cause: clients say it in their language from these fields; `message` is the
 * core's English sentence (the CLI, logs, bug reports). */
export const providerProblemCodes = [
  /** Not part of this platform's onnxruntime-node build. */
  'not_in_build',
  /** No NVIDIA driver (CUDA, TensorRT); `libraryMissing` when the provider library is missing too. */
  'no_driver',
  /** The provider library (`library`) is not installed. */
  'no_library',
  /** Installed, but its CUDA / cuDNN (/ TensorRT) libraries did not load. */
  'cannot_load',
  /** Any other failure to start (for DirectML: its Windows and DirectX 12 needs). */
  'cannot_start',
  /** Started, but none of the model's operators run on it. */
  'no_nodes',
] as const;
export const providerProblemSchema = z.object({
  provider: z.enum(executionProviders),
  code: z.enum(providerProblemCodes),
  message: z.string(),
  platform: z.string(),
  library: z.string().nullable().default(null),
  libraryMissing: z.boolean().default(false),
  /** onnxruntime's own first line, as it said it; null when it said nothing. */
  onnxruntime: z.string().nullable().default(null),
});
export type ProviderProblem = z.infer<typeof providerProblemSchema>;

export const providerStatusSchema = z.object({
  name: z.enum(executionProviders),
  label: z.string(),
  /** A session with this provider could be created on this machine. */
  available: z.boolean(),
  /** Shipped inside onnxruntime-node (otherwise an extra install is needed). */
  bundled: z.boolean(),
  /** Why it is not available, with what to do. */
  reason: z.string().nullable(),
  problem: providerProblemSchema.nullable().default(null),
});

export const providersInfoSchema = z.object({
  platform: z.string(),
  /** The order 'auto' tries. */
  autoOrder: z.array(z.enum(executionProviders)),
  /** What 'auto' would pick now. */
  best: z.enum(executionProviders),
  providers: z.array(providerStatusSchema),
  /** The GPU's name, when one could be read (nvidia-smi). */
  gpuName: z.string().nullable(),
  /** This machine should tag on a GPU under 'auto' (see gpuExpected in src/core/inference/providers.ts). */
  gpuExpected: z.boolean().default(false),
  /** Why 'auto' would run on the CPU here although a GPU is expected (the first GPU provider's reason). */
  autoWarning: z.string().nullable().default(null),
  /** The same by cause. */
  autoProblem: providerProblemSchema.nullable().default(null),
});
export type ProvidersInfo = z.infer<typeof providersInfoSchema>;

/** Whether running on `provider` deserves a visible warning: a GPU was asked for by name and something else
 * runs, or 'auto' runs on the CPU on a machine that should have a usable GPU. */
export function providerWarned(requested: ProviderRequest, provider: ExecutionProvider, gpuExpected: boolean): boolean {
  if (requested === 'auto') return provider === 'cpu' && gpuExpected;
  return requested !== 'cpu' && provider !== requested;
}

/** What a live inference session really runs on; tag jobs report this in their result and progress. */
export const sessionProviderSchema = z.object({
  requested: z.enum(providerRequests),
  provider: z.enum(executionProviders),
  /** Set when a provider earlier in the order did not start (a requested GPU, or 'auto' finding none): why,
   * and what to do. */
  fallbackReason: z.string().nullable(),
  /** The providers that did not start before this one, each by cause (fallbackReason in words). */
  problems: z.array(providerProblemSchema).default([]),
  /** The reason, when it deserves a visible warning (providerWarned): a requested GPU is not used, or 'auto'
   * runs on the CPU where a GPU was expected. Null when running where it should. */
  warning: z.string().nullable().default(null),
  /** Graph nodes per onnxruntime provider, measured from one profiled run; null when not measured. */
  placement: z.record(z.string(), z.number().int()).nullable(),
});
export type SessionProvider = z.infer<typeof sessionProviderSchema>;

const modelId = z.string().trim().min(1, 'Give a model id.');

export const modelMethods = {
  /** Every catalog model with its download state. */
  'models.catalog': method(z.object({}).default({}), z.array(catalogModelSchema)),
  /** Downloaded (or partly downloaded) catalog models and user-added folders, with disk sizes. */
  'models.list': method(z.object({}).default({}), z.array(installedModelSchema)),
  /** Starts (or resumes, from the partial files) a download job; returns the running one if there is one. */
  'models.download': method(z.object({ id: modelId }), jobRefSchema),
  /** Deletes a downloaded model's folder; a local model is only forgotten, its files stay. */
  'models.delete': method(z.object({ id: modelId }), z.object({ deleted: z.boolean(), freedBytes: z.number().int().nonnegative() })),
  /** Adds a folder holding model.onnx + selected_tags.csv after checking that they load and agree. */
  'models.addLocal': method(
    z.object({ path: z.string().min(1, 'Choose a model folder.'), name: z.string().trim().min(1).max(200).optional() }),
    installedModelSchema,
  ),
  /** Execution providers on this machine: which can start, and why not. Cached; `refresh` probes again. */
  'models.providers': method(z.object({ refresh: z.boolean().default(false) }).default({ refresh: false }), providersInfoSchema),
};

import { z } from 'zod';
import { idSchema, jobRefSchema } from './common';
import { method } from './define';
import { doctorReportSchema, engineStatusSchema, installInputSchema, installLogSchema } from './training-engines';
import { planIssueSchema } from './training-issues';
import { engineIds, modelSchemaSchema, modelSummarySchema, paramValuesSchema } from './training-params';
import {
  metricSeriesSchema,
  runArtifactSchema,
  runLogLineSchema,
  runLogsInput,
  runMetricsInput,
  runRefSchema,
  runReorderInput,
  runStopInput,
  trainingRunSchema,
} from './training-runs';

export const memoryPresetIds = ['low', 'medium', 'high'] as const;

export { commandLine, envLines, shellFor, shellQuote, stepsScript, type ShellKind, type ShellStep } from './training-shell';

export const runStepSchema = z.object({
  name: z.string(),
  kind: z.enum(['preflight', 'cache', 'train']),
  argv: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  cwd: z.string(),
  cacheKey: z.string().optional(),
  cacheDir: z.string().optional(),
  train: z
    .object({
      outputDir: z.string(),
      outputName: z.string(),
      loggingDir: z.string(),
      sampleDir: z.string(),
      maxTrainSteps: z.number().nullable(),
      maxTrainEpochs: z.number().nullable(),
      countersResetOnResume: z.boolean(),
    })
    .optional(),
});

export const runPlanSchema = z.object({
  title: z.string(),
  engine: z.enum(engineIds),
  modelType: z.string(),
  datasetId: idSchema.nullable(),
  steps: z.array(runStepSchema),
  files: z.record(z.string(), z.string()),
  gpu: z.string().optional(),
});

export const planInputSchema = z.object({
  datasetId: idSchema,
  modelType: z.string().min(1, 'Choose a model type.'),
  preset: z.string().optional(),
  memoryPreset: z.enum(memoryPresetIds).optional(),
  /** The user's values, over the model's defaults, model paths and presets. */
  values: paramValuesSchema.default({}),
  /** CUDA_VISIBLE_DEVICES of the run. */
  gpu: z.string().regex(/^[0-9,]+$/, 'GPUs are device numbers, e.g. 0 or 0,1.').default('0'),
});
export type PlanInput = z.input<typeof planInputSchema>;

export const planResultSchema = z.object({
  plan: runPlanSchema,
  /** Pre-flight results: errors block the launch, warnings do not. */
  issues: z.array(planIssueSchema),
  /** Every parameter's resolved value. */
  values: paramValuesSchema,
  /** The run's folder (dataset export, TOML, outputs, logs). */
  runDir: z.string(),
  /** Where the dataset's images and captions are exported (the kohya export) when the run is queued. */
  exportDir: z.string(),
  /** The export's concept name (its folder name, and the caption of items with neither caption nor tags). */
  conceptName: z.string(),
  /** Variables removed from every step's environment (each step's `env` is then set over it): names, or prefixes
   * ending in `*`. */
  unsetEnv: z.array(z.string()),
});
export type PlanResult = z.infer<typeof planResultSchema>;

const pathFieldSchema = z.object({ key: z.string(), label: z.string(), help: z.string(), kind: z.enum(['file', 'dir']), required: z.boolean() });
export const modelPathsViewSchema = z.object({
  families: z.array(z.object({ id: z.string(), title: z.string(), fields: z.array(pathFieldSchema), values: z.record(z.string(), z.string()) })),
  models: z.array(z.object({ type: z.string(), title: z.string(), family: z.string(), fields: z.array(pathFieldSchema), values: z.record(z.string(), z.string()) })),
});
export type ModelPathsView = z.infer<typeof modelPathsViewSchema>;

export const trainingMethods = {
  'training.models': method(z.object({}).default({}), z.array(modelSummarySchema)),
  'training.schema': method(z.object({ modelType: z.string() }), modelSchemaSchema),
  'training.modelPaths': method(z.object({}).default({}), modelPathsViewSchema),
  /** Merges paths; an empty string clears one. */
  'training.setModelPaths': method(
    z.object({
      families: z.record(z.string(), z.record(z.string(), z.string())).default({}),
      models: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    }),
    modelPathsViewSchema,
  ),
  /** The run a configuration makes, without running anything: every command, every file, pre-flight results. */
  'training.plan': method(planInputSchema, planResultSchema),
  /** Plans, refuses on pre-flight errors, exports the dataset and queues the run. */
  'training.enqueue': method(planInputSchema, trainingRunSchema),
  'training.runs': method(z.object({ limit: z.number().int().positive().max(1000).default(200) }).default({ limit: 200 }), z.array(trainingRunSchema)),
  'training.run': method(runRefSchema, trainingRunSchema),
  'training.stop': method(runStopInput, trainingRunSchema),
  'training.resume': method(runRefSchema, trainingRunSchema),
  'training.cancel': method(runRefSchema, trainingRunSchema),
  /** New queue order of queued runs (the ids given first, in this order). */
  'training.reorder': method(runReorderInput, z.array(trainingRunSchema)),
  'training.logs': method(runLogsInput, z.object({ lines: z.array(runLogLineSchema) })),
  'training.metrics': method(runMetricsInput, z.object({ series: z.array(metricSeriesSchema) })),
  'training.checkpoints': method(runRefSchema, z.array(runArtifactSchema)),
  /** A sample image of a run (one of its artifacts), for the window to show. */
  'training.sample': method(z.object({ runId: idSchema, path: z.string() }), z.object({ mime: z.string(), base64: z.string() })),
  'training.engines': method(z.object({}).default({}), z.array(engineStatusSchema)),
  'training.setEngine': method(
    z.object({ engine: z.enum(engineIds), path: z.string().nullable().optional(), python: z.string().nullable().optional() }),
    engineStatusSchema,
  ),
  'training.doctor': method(z.object({ engine: z.enum(engineIds) }), doctorReportSchema),
  'training.install': method(installInputSchema, jobRefSchema),
  /** The install job's log (its last lines). */
  'training.installLog': method(z.object({ jobId: idSchema, tail: z.number().int().positive().max(100_000).default(500) }), installLogSchema),
};

import { z } from 'zod';
import { idSchema, isoTime } from './common';
import { causeDetailsSchema } from './training-issues';

/** Training runs as the supervisor reports them (src/core/training/supervisor). */

export const runStatuses = ['queued', 'running', 'stopping', 'stopped', 'done', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** graceful: ask the engine (the launch shim's stop file), then SIGINT, SIGTERM, and kill the process tree; save: wait for the engine's next state save, then
 * stop gracefully; kill: end the process tree now. */
export const stopModes = ['graceful', 'save', 'kill'] as const;
export type StopMode = (typeof stopModes)[number];

export const runErrorKinds = [
  'cuda_oom',
  'ram_oom',
  'missing_module',
  'encoding',
  'missing_file',
  'nan_loss',
  'dataset_config',
  'bad_arguments',
  'crash',
  /** Found right before a launch: a model file, the engine folder or its Python is gone since the run was queued. */
  'preflight',
  /** The command did not start: a program that cannot run, or a failure on Atelier's side before it. */
  'launch',
] as const;
export type RunErrorKind = (typeof runErrorKinds)[number];

/** The cause within a kind: with `details` (the names and numbers its sentences hold), what a client that shows
 * another language than English says title and fix from. */
export const runErrorCauses = [
  'cuda_oom',
  'ram_oom',
  /** Ended by SIGKILL that Atelier did not send (the kernel's OOM killer, as a rule). */
  'killed',
  'module_missing',
  /** An installed package of another version than the engine's. */
  'module_mismatch',
  'encode',
  'decode',
  'cache_missing',
  'model_missing',
  'file_missing',
  'nan_loss',
  /** Atelier stopped the run at a NaN loss: details nanStep and resumeStep (null when nothing is left to resume). */
  'nan_stopped',
  'dataset_config',
  'bad_arguments',
  'signal',
  'exit_code',
  'ended_while_closed',
  'launch_atelier',
  'engine_folder_missing',
  'program_missing',
  'not_executable',
  /** The program exists but its #! interpreter is gone. */
  'bad_interpreter',
  'cannot_start',
  /** details: step, engine, fileKeys + filePaths (model files by parameter key), engineFolder, programs, scripts. */
  'preflight',
] as const;
export type RunErrorCause = (typeof runErrorCauses)[number];
export const runErrorDetailsSchema = causeDetailsSchema;
export type RunErrorDetails = z.infer<typeof runErrorDetailsSchema>;

export const runErrorSchema = z.object({
  kind: z.enum(runErrorKinds),
  title: z.string(),
  /** The engine's line that shows it (for a pre-flight failure, what is missing). */
  message: z.string(),
  /** What to do about it, concretely. */
  fix: z.string(),
  /** Absent on errors stored before causes were named. */
  cause: z.enum(runErrorCauses).optional(),
  details: runErrorDetailsSchema.optional(),
});
export type RunError = z.infer<typeof runErrorSchema>;

export const runStepStatuses = ['pending', 'running', 'done', 'skipped', 'failed', 'stopped'] as const;

export const runStepStateSchema = z.object({
  name: z.string(),
  kind: z.enum(['preflight', 'cache', 'train']),
  status: z.enum(runStepStatuses),
});

export const runProgressSchema = z.object({
  /** Training step on the run's own axis (continuing across resumes). */
  step: z.number().int().nullable(),
  totalSteps: z.number().int().nullable(),
  /** The epoch in progress, on the run's axis. */
  epoch: z.number().int().nullable(),
  totalEpochs: z.number().int().nullable(),
  /** Steps per second (tqdm's rate). */
  rate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  /** tqdm's avr_loss (a moving average over one epoch, not an EMA); null when not numeric. */
  loss: z.number().nullable(),
  /** The current non-training step's own bar (caching), when it has one. */
  stepDone: z.number().int().nullable(),
  stepTotal: z.number().int().nullable(),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

export const trainingRunSchema = z.object({
  id: idSchema,
  title: z.string(),
  engine: z.string(),
  modelType: z.string(),
  datasetId: idSchema.nullable(),
  gpu: z.string(),
  status: z.enum(runStatuses),
  /** Queue order (ascending) among queued runs. */
  position: z.number(),
  steps: z.array(runStepStateSchema),
  currentStep: z.string().nullable(),
  progress: runProgressSchema,
  /** Launches of the training step so far (1 + resumes). */
  segments: z.number().int(),
  stopMode: z.enum(stopModes).nullable(),
  error: runErrorSchema.nullable(),
  exitCode: z.number().int().nullable(),
  exitSignal: z.string().nullable(),
  /** The engine's process group while it runs. */
  pid: z.number().int().nullable(),
  /** The newest complete saved state, the point a resume continues from. */
  resumeState: z.string().nullable(),
  resumeStep: z.number().int().nullable(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
});
export type TrainingRun = z.infer<typeof trainingRunSchema>;

export const runLogLineSchema = z.object({ step: z.string(), text: z.string() });
export type RunLogLine = z.infer<typeof runLogLineSchema>;

export const metricAxes = ['step', 'epoch'] as const;

export const metricPointSchema = z.object({
  tag: z.string(),
  axis: z.enum(metricAxes),
  step: z.number().int(),
  /** null: not a number (a NaN loss). */
  value: z.number().nullable(),
  wallTime: z.number(),
});
export type MetricPoint = z.infer<typeof metricPointSchema>;

export const metricSeriesSchema = z.object({
  tag: z.string(),
  axis: z.enum(metricAxes),
  /** The tag's family: loss, lr, norm, max_norm... */
  group: z.string(),
  steps: z.array(z.number()),
  values: z.array(z.number().nullable()),
  wallTimes: z.array(z.number()),
});
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

export const runArtifactSchema = z.object({
  runId: idSchema,
  path: z.string(),
  kind: z.enum(['checkpoint', 'state', 'sample']),
  /** On the run's axis; a state's epoch counts completed epochs. */
  step: z.number().int().nullable(),
  epoch: z.number().int().nullable(),
  final: z.boolean(),
  /** Which launch wrote it (0: the first, n: the n-th resume). */
  segment: z.number().int(),
  bytes: z.number().int().nullable(),
  createdAt: isoTime,
  /** False once the engine removed it (save_last_n_*) or it was deleted. */
  exists: z.boolean(),
});
export type RunArtifact = z.infer<typeof runArtifactSchema>;

/** Inputs for the supervisor's calls (the training contract uses them). */
export const runRefSchema = z.object({ runId: idSchema });
export const runStopInput = z.object({ runId: idSchema, mode: z.enum(stopModes).default('graceful') });
export const runLogsInput = z.object({ runId: idSchema, tail: z.number().int().positive().max(100_000).default(2000) });
export const runMetricsInput = z.object({
  runId: idSchema,
  tags: z.array(z.string()).optional(),
  /** Only points after this step (incremental fetch). */
  sinceStep: z.number().int().optional(),
  /** Thin each series to about this many points, keeping spikes. */
  maxPoints: z.number().int().min(10).max(1_000_000).optional(),
});
export const runReorderInput = z.object({ runIds: z.array(idSchema).min(1) });

export const trainingRunEvents = {
  /** A run changed (status, step, progress): replace what you show. */
  'training.run': trainingRunSchema,
  /** New console lines of a run (tqdm rewrites collapsed; the live bar is in the run's progress). */
  'training.log': z.object({ runId: idSchema, lines: z.array(runLogLineSchema) }),
  /** New metric points of a run, already on the run's axis. `reset` from a step: drop your points after it first
   * (a resume rewinds to its state). */
  'training.metrics': z.object({
    runId: idSchema,
    points: z.array(metricPointSchema),
    resetAfter: z.object({ step: z.number().int(), epoch: z.number().int() }).optional(),
  }),
  /** A checkpoint, state folder or sample appeared or went away. */
  'training.artifact': runArtifactSchema,
};

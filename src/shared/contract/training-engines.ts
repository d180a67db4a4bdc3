import { z } from 'zod';
import { causeDetailsSchema, doctorCheckCodes, doctorCheckIds } from './training-issues';
import { engineIds } from './training-params';

export const engineStatusSchema = z.object({
  id: z.enum(engineIds),
  title: z.string(),
  repo: z.string(),
  /** The commit whose argparse the registry was checked against; Install checks it out. */
  pinnedCommit: z.string(),
  /** The engine folder (null: not configured). */
  path: z.string().nullable(),
  /** The configured interpreter, or null for the venv found in the folder. */
  python: z.string().nullable(),
  /** The interpreter runs would use (configured or found), null when none. */
  resolvedPython: z.string().nullable(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

export const doctorCheckSchema = z.object({
  id: z.enum(doctorCheckIds),
  title: z.string(),
  status: z.enum(['ok', 'warn', 'fail', 'skipped']),
  /** What the check found, with the names and numbers its detail and fix quote. */
  code: z.enum(doctorCheckCodes),
  details: causeDetailsSchema,
  detail: z.string(),
  /** What to do about a warning or failure, concretely (a command, a setting). */
  fix: z.string().nullable(),
});
export type DoctorCheck = z.infer<typeof doctorCheckSchema>;

export const doctorReportSchema = z.object({
  engine: z.enum(engineIds),
  /** No check failed. */
  ok: z.boolean(),
  checks: z.array(doctorCheckSchema),
  gpus: z.array(z.object({ name: z.string(), memoryTotalMb: z.number(), memoryUsedMb: z.number(), driver: z.string() })),
});
export type DoctorReport = z.infer<typeof doctorReportSchema>;

export const torchIndexes = ['cu130', 'cu128', 'cu126', 'cpu', 'none'] as const;

export const installInputSchema = z.object({
  engine: z.enum(engineIds),
  /** Folder to clone into (created; an existing checkout of the engine is reused). */
  dir: z.string().min(1, 'Choose a folder to install the engine into.'),
  /** Git URL; default: the engine's GitHub repository. */
  source: z.string().min(1).optional(),
  /** Commit to check out; default: the pinned commit. */
  commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'A commit is 7 to 40 hex digits.').optional(),
  /** Interpreter that creates the venv when uv is not used (default: python3 / py on PATH). */
  basePython: z.string().min(1).optional(),
  /** PyTorch wheel index installed first ('none': leave torch to the requirements). */
  torch: z.enum(torchIndexes).default('cu128'),
  /** Use uv (venv + pip) when it is on PATH. */
  useUv: z.boolean().default(true),
});
export type InstallInput = z.input<typeof installInputSchema>;

/** The steps of an engine install, in order (fetch or clone, checkout, venv when there is none, PyTorch unless
 * 'none', the engine, extra packages), then `installed`. Details: clone {repo}, checkout {commit}, torch {index},
 * engine {engine}, extras {packages}. */
export const installStages = ['fetch', 'clone', 'checkout', 'venv', 'torch', 'engine', 'extras', 'installed'] as const;
export const installStageSchema = z.object({ stage: z.enum(installStages), details: causeDetailsSchema });
export type InstallStage = z.infer<typeof installStageSchema>;

export const installLogSchema = z.object({
  path: z.string(),
  lines: z.array(z.string()),
  /** The install's commands by stage, in order: the job's `done` counts those finished. Empty before it starts. */
  stages: z.array(installStageSchema),
});

export const installResultSchema = z.object({
  engine: z.enum(engineIds),
  path: z.string(),
  python: z.string(),
  commit: z.string(),
  log: z.string(),
});
export type InstallResult = z.infer<typeof installResultSchema>;

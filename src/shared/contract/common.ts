import { z } from 'zod';
import { appErrorSchema } from '../errors';

export const idSchema = z.number().int().positive();
export const isoTime = z.string();

export const jobStatuses = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
/** What a job's done/total count, so the UI can say "12 / 40 pictures" or "60 / 63 MB" and a rate in MB/s. */
export const jobUnits = ['files', 'pictures', 'bytes', 'steps', 'items'] as const;
export type JobUnit = (typeof jobUnits)[number];
export const jobSchema = z.object({
  id: idSchema,
  kind: z.string(),
  status: z.enum(jobStatuses),
  title: z.string(),
  datasetId: idSchema.nullable(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  unit: z.enum(jobUnits),
  /** Units per second over the recent window; null until measurable. */
  rate: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  message: z.string().nullable(),
  errorCount: z.number().int().nonnegative(),
  error: appErrorSchema.nullable(),
  result: z.unknown().nullable(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobRefSchema = z.object({ jobId: idSchema });

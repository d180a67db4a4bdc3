import { z } from 'zod';
import { idSchema, jobRefSchema, jobSchema } from './common';
import { method } from './define';

export const jobFileErrorSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type JobFileError = z.infer<typeof jobFileErrorSchema>;

export const jobMethods = {
  'jobs.list': method(
    z.object({ active: z.boolean().optional(), limit: z.number().int().positive().max(1000).default(100) }).default({ limit: 100 }),
    z.array(jobSchema),
  ),
  'jobs.get': method(jobRefSchema, jobSchema),
  'jobs.cancel': method(jobRefSchema, jobSchema),
  'jobs.errors': method(
    z.object({ jobId: idSchema, offset: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(5000).default(500) }),
    z.object({ total: z.number().int(), errors: z.array(jobFileErrorSchema) }),
  ),
};

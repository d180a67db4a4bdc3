import { z } from 'zod';
import { idSchema, jobSchema } from './common';
import { trainingRunEvents } from './training-runs';

/** Every event a client can subscribe to, with its payload schema. */
export const eventSchemas = {
  'job.updated': jobSchema,
  'dataset.changed': z.object({
    datasetId: idSchema,
    change: z.enum(['created', 'meta', 'items', 'deleted']),
    /** Items that changed, when known and few; absent means "reload what you show". */
    itemIds: z.array(idSchema).optional(),
  }),
  /** A model was downloaded, deleted or added: reload models.list / models.catalog. */
  'models.changed': z.object({ modelId: z.string(), change: z.enum(['downloaded', 'deleted', 'added']) }),
  ...trainingRunEvents,
};

import { z } from 'zod';
import { idSchema, jobRefSchema } from './common';
import { method } from './define';

export const ingestMethods = {
  /** Import folders (recursive, referenced in place and watched unless copy), files and zip archives (copied). */
  'import.start': method(
    z.object({
      datasetId: idSchema,
      paths: z.array(z.string().min(1)).min(1, 'Give at least one path to import.'),
      copy: z.boolean().default(false),
      watch: z.boolean().default(true),
    }),
    jobRefSchema,
  ),
};

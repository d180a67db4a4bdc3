import { z } from 'zod';
import { idSchema, jobRefSchema } from './common';
import { method } from './define';
import { MAX_REPEATS } from './limits';

export const kohyaExportInput = z.object({
  datasetId: idSchema,
  outDir: z.string().min(1, 'Choose a folder to export to.'),
  repeats: z.number().int().positive().max(MAX_REPEATS).default(1),
  /** Concept name of the `<repeats>_<name>` folder; defaults to the dataset's name. */
  name: z.string().trim().min(1).optional(),
});
export type KohyaExportInput = z.input<typeof kohyaExportInput>;

export const kohyaExportResult = z.object({
  outDir: z.string(),
  imageDir: z.string(),
  imageCount: z.number().int(),
  skipped: z.number().int(),
  sdScriptsToml: z.string(),
  musubiToml: z.string(),
});
export type KohyaExportResult = z.infer<typeof kohyaExportResult>;

export const exportMethods = {
  'export.kohya': method(kohyaExportInput, jobRefSchema),
};

import { z } from 'zod';
import { idSchema, isoTime } from './common';
import { method } from './define';

export const datasetKinds = ['image', 'video', 'control-pair'] as const;
export const rootModes = ['linked', 'library'] as const;

export const datasetRootSchema = z.object({
  id: idSchema,
  path: z.string(),
  /** linked: a folder referenced in place (and watched); library: files copied into the data dir. */
  mode: z.enum(rootModes),
  watch: z.boolean(),
});

export const datasetSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: z.enum(datasetKinds),
  roots: z.array(datasetRootSchema),
  settings: z.record(z.string(), z.unknown()),
  itemCount: z.number().int(),
  errorCount: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Dataset = z.infer<typeof datasetSchema>;

const datasetName = z.string().trim().min(1, 'A dataset needs a name.').max(200);

export const datasetMethods = {
  'datasets.list': method(z.object({}).default({}), z.array(datasetSchema)),
  'datasets.get': method(z.object({ id: idSchema }), datasetSchema),
  'datasets.create': method(
    z.object({ name: datasetName, kind: z.enum(datasetKinds).default('image') }),
    datasetSchema,
  ),
  'datasets.rename': method(z.object({ id: idSchema, name: datasetName }), datasetSchema),
  'datasets.delete': method(z.object({ id: idSchema }), z.object({ deleted: z.boolean() })),
  'datasets.updateSettings': method(
    z.object({ id: idSchema, settings: z.record(z.string(), z.unknown()) }),
    datasetSchema,
  ),
};

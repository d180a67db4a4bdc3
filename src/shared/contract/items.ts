import { z } from 'zod';
import { idSchema, isoTime } from './common';
import { method } from './define';

export const itemStatuses = ['pending', 'ready', 'error', 'missing'] as const;
export const itemSorts = ['name', 'date', 'size', 'resolution'] as const;
export const statusFilters = ['all', 'ready', 'error', 'uncaptioned', 'untagged'] as const;

export const itemSummarySchema = z.object({
  id: idSchema,
  datasetId: idSchema,
  relPath: z.string(),
  absPath: z.string(),
  media: z.enum(['image', 'video']),
  role: z.enum(['target', 'control']),
  status: z.enum(itemStatuses),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  byteSize: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  format: z.string().nullable(),
  sha256: z.string().nullable(),
  mtimeMs: z.number().nullable(),
  caption: z.string().nullable(),
  tagCount: z.number().int(),
});
export type ItemSummary = z.infer<typeof itemSummarySchema>;

export const itemTagSchema = z.object({
  tag: z.string(),
  /** 'manual' or the id of the model that proposed it. */
  source: z.string(),
  score: z.number().nullable(),
  position: z.number().int(),
});
export type ItemTag = z.infer<typeof itemTagSchema>;

export const itemDetailSchema = itemSummarySchema.extend({
  orientation: z.number().int().nullable(),
  captionSource: z.string().nullable(),
  captionUpdatedAt: isoTime.nullable(),
  tags: z.array(itemTagSchema),
});
export type ItemDetail = z.infer<typeof itemDetailSchema>;

/** An item with its tags, as `items.all` lists it. */
export const itemRecordSchema = itemSummarySchema.extend({ tags: z.array(itemTagSchema) });
export type ItemRecord = z.infer<typeof itemRecordSchema>;

export const itemFilterSchema = z.object({
  /** Substring over file name, caption and tags. */
  text: z.string().optional(),
  status: z.enum(statusFilters).default('all'),
  /** Exact tag. */
  tag: z.string().optional(),
});
export type ItemFilter = z.infer<typeof itemFilterSchema>;

export const itemListInput = z.object({
  datasetId: idSchema,
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(5000).default(500),
  filter: itemFilterSchema.default({ status: 'all' }),
  sort: z.enum(itemSorts).default('name'),
  desc: z.boolean().default(false),
});
export type ItemListInput = z.input<typeof itemListInput>;

export const itemMethods = {
  'items.list': method(itemListInput, z.object({ total: z.number().int(), items: z.array(itemSummarySchema) })),
  'items.ids': method(
    itemListInput.pick({ datasetId: true, filter: true, sort: true, desc: true }),
    z.array(idSchema),
  ),
  'items.get': method(z.object({ id: idSchema }), itemDetailSchema),
  /** Every item of a dataset whatever its status (items.list leaves out those whose file is missing), in name
   * order, a page at a time, each with its tags: what a full listing (`atelier items`) needs, without a call per item. */
  'items.all': method(
    z.object({ datasetId: idSchema, offset: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(5000).default(1000) }),
    z.object({ items: z.array(itemRecordSchema) }),
  ),
  'items.setCaption': method(z.object({ id: idSchema, text: z.string() }), itemDetailSchema),
};

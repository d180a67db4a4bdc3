import { z } from 'zod';
import { idSchema, jobRefSchema } from './common';
import { method } from './define';
import { providerRequests, sessionProviderSchema } from './models';

/** How tags are chosen from a model's stored scores. Changing it re-slices the dataset without inference. */
export const tagSelectionSchema = z.object({
  /** A general (and other non-character) tag is kept when its score is strictly above this. */
  general: z.number().min(0).max(1).default(0.35),
  character: z.number().min(0).max(1).default(0.85),
  /** MCut (largest gap in the sorted scores) replaces the general threshold, per item. */
  generalMcut: z.boolean().default(false),
  /** MCut for characters, never below 0.15. */
  characterMcut: z.boolean().default(false),
  /** 'best': add the item's highest-scoring rating tag (general, sensitive, questionable, explicit). */
  rating: z.enum(['none', 'best']).default('none'),
  /** Tags never written (compared ignoring case, underscores vs spaces and `\(` escapes). */
  exclude: z.array(z.string()).default([]),
  /** Tags moved to the front, in this order, when selected. */
  alwaysFirst: z.array(z.string()).default([]),
  characterFirst: z.boolean().default(true),
  /** 'space': `long_hair` → `long hair`, except kaomoji such as `^_^`. */
  underscores: z.enum(['space', 'keep']).default('space'),
  /** Escape parentheses as `\(` `\)` for A1111-style prompts; off for training captions. */
  escapeParens: z.boolean().default(false),
  /** At most this many general tags per item, highest scores first (0: no limit). */
  maxGeneral: z.number().int().min(0).default(0),
});
export type TagSelection = z.infer<typeof tagSelectionSchema>;
export type TagSelectionInput = z.input<typeof tagSelectionSchema>;

export const tagCategories = ['rating', 'general', 'character', 'artist', 'copyright', 'meta', 'other'] as const;
export type TagCategory = (typeof tagCategories)[number];

export const tagRunInput = z.object({
  datasetId: idSchema,
  /** A catalog model id, or a folder holding model.onnx + selected_tags.csv. */
  model: z.string().min(1, 'Choose a tagger model.'),
  /** Only these items (the selection); default: every item of the dataset. */
  itemIds: z.array(idSchema).optional(),
  /** Score items again even when this model already scored them. */
  force: z.boolean().default(false),
  /** Images per inference run when the model's batch dimension is dynamic. */
  batch: z.number().int().min(1).max(256).default(8),
  provider: z.enum(providerRequests).default('auto'),
  /** Applied after scoring; default: the dataset's saved selection for this model. */
  selection: tagSelectionSchema.partial().optional(),
});
export type TagRunInput = z.input<typeof tagRunInput>;

export const tagRunResultSchema = sessionProviderSchema.extend({
  modelId: z.string(),
  /** Pictures per inference run: the requested batch, or the model's fixed one. */
  batch: z.number().int(),
  scored: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  imagesPerSecond: z.number().nullable(),
});
export type TagRunResult = z.infer<typeof tagRunResultSchema>;

export const selectionStatsSchema = z.object({
  /** Items that have scores from this model. */
  scoredItems: z.number().int(),
  /** Scored items that get at least one tag. */
  taggedItems: z.number().int(),
  tags: z.number().int(),
  distinctTags: z.number().int(),
  byCategory: z.record(z.string(), z.number().int()),
});
export type SelectionStats = z.infer<typeof selectionStatsSchema>;

export const tagTableRowSchema = z.object({
  tag: z.string(),
  category: z.enum(tagCategories).nullable(),
  count: z.number().int(),
  /** Mean model score over the items holding it; null when only manual. */
  meanScore: z.number().nullable(),
  /** How many of those rows a model added (the rest are manual). */
  modelCount: z.number().int(),
});
export type TagTableRow = z.infer<typeof tagTableRowSchema>;

export const enrichedTagSchema = z.object({
  tag: z.string(),
  source: z.string(),
  score: z.number().nullable(),
  position: z.number().int(),
  category: z.enum(tagCategories).nullable(),
});
export type EnrichedTag = z.infer<typeof enrichedTagSchema>;

export const suggestionSchema = z.object({
  tag: z.string(),
  category: z.enum(tagCategories).nullable(),
  /** Items of the dataset holding it. */
  count: z.number().int(),
  /** The model CSV's Danbooru post count (0 when unknown). */
  postCount: z.number().int(),
});

const datasetModel = z.object({ datasetId: idSchema, modelId: z.string().min(1) });

export const taggerMethods = {
  'tagger.run': method(tagRunInput, jobRefSchema),
  /** Models that have stored scores for items of the dataset, with their saved selections. */
  'tagger.scoredModels': method(
    z.object({ datasetId: idSchema }),
    z.array(z.object({ modelId: z.string(), scoredItems: z.number().int(), applied: z.boolean(), selection: tagSelectionSchema })),
  ),
  'tagger.getSelection': method(datasetModel, tagSelectionSchema),
  /** Counts a selection would yield, computed from stored scores; writes nothing (for live sliders). */
  'tagger.preview': method(datasetModel.extend({ selection: tagSelectionSchema }), selectionStatsSchema),
  /** Saves the selection and re-slices the dataset's model tags from stored scores (no inference). */
  'tagger.apply': method(
    datasetModel.extend({ selection: tagSelectionSchema }),
    z.object({ changedItems: z.number().int(), stats: selectionStatsSchema, ms: z.number() }),
  ),
  /** An item's tags with category, plus every stored model score above the floor. */
  'tagger.itemTags': method(
    z.object({ itemId: idSchema }),
    z.object({
      tags: z.array(enrichedTagSchema),
      /** Written as the dataset's settings for that model write it; `status`: whether the item has the tag (in any
       * spelling), the user removed it, or neither (it scored below the thresholds). */
      scores: z.array(
        z.object({
          modelId: z.string(),
          tag: z.string(),
          category: z.enum(tagCategories),
          score: z.number(),
          status: z.enum(['tagged', 'suppressed', 'untagged']),
        }),
      ),
      suppressed: z.array(z.string()),
    }),
  ),
  'tagger.tagTable': method(
    z.object({
      datasetId: idSchema,
      search: z.string().default(''),
      sort: z.enum(['tag', 'count', 'score', 'category']).default('count'),
      desc: z.boolean().default(true),
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(5000).default(200),
    }),
    z.object({ total: z.number().int(), rows: z.array(tagTableRowSchema) }),
  ),
  'tagger.autocomplete': method(
    z.object({ datasetId: idSchema, query: z.string(), limit: z.number().int().positive().max(100).default(12) }),
    z.array(suggestionSchema),
  ),
};

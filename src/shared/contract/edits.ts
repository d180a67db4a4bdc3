import { z } from 'zod';
import { idSchema, isoTime } from './common';
import { method } from './define';
import { MAX_ITEM_IDS } from './limits';

/** A tag as users type it: trimmed, no commas (captions join tags with ", "), not empty. */
export const tagText = z
  .string()
  .trim()
  .min(1, 'A tag cannot be empty.')
  .max(200, 'A tag can be at most 200 characters.')
  .refine((t) => !t.includes(','), 'A tag cannot contain a comma; add several tags separately.');
const tagList = z.array(tagText).min(1, 'Give at least one tag.').max(1000);

/** One edit, applied to every item of a set. Each call is one undo step. */
export const editOpSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setCaption'), text: z.string().max(100_000) }),
  z.object({ kind: z.literal('prependCaption'), text: z.string().min(1), separator: z.string().default(', ') }),
  z.object({ kind: z.literal('appendCaption'), text: z.string().min(1), separator: z.string().default(', ') }),
  z.object({
    kind: z.literal('replaceInCaptions'),
    find: z.string().min(1, 'Say what to find.'),
    replace: z.string(),
    regex: z.boolean().default(false),
    caseSensitive: z.boolean().default(true),
  }),
  z.object({ kind: z.literal('addTags'), tags: tagList, at: z.enum(['start', 'end']).default('end') }),
  z.object({ kind: z.literal('removeTags'), tags: tagList }),
  z.object({ kind: z.literal('replaceTag'), from: tagText, to: tagText }),
  /** The listed tags go first, in this order; the others keep their order after them. */
  z.object({ kind: z.literal('reorderTags'), tags: tagList }),
]);
export type EditOp = z.infer<typeof editOpSchema>;
export type EditOpInput = z.input<typeof editOpSchema>;
export type EditKind = EditOp['kind'];

export const editStepSchema = z.object({
  id: idSchema,
  op: editOpSchema,
  itemCount: z.number().int().nonnegative(),
  createdAt: isoTime,
});
export type EditStep = z.infer<typeof editStepSchema>;

/** What Ctrl+Z and Ctrl+Shift+Z would do in a dataset. */
export const editHistorySchema = z.object({
  datasetId: idSchema,
  undo: editStepSchema.nullable(),
  redo: editStepSchema.nullable(),
  undoDepth: z.number().int().nonnegative(),
  redoDepth: z.number().int().nonnegative(),
});
export type EditHistory = z.infer<typeof editHistorySchema>;

export const editResultSchema = z.object({
  /** The undo step recorded (or undone / redone); null when nothing changed. */
  step: editStepSchema.nullable(),
  /** Items whose caption or tags actually changed. */
  changed: z.number().int().nonnegative(),
  history: editHistorySchema,
});
export type EditResult = z.infer<typeof editResultSchema>;

export const tagCountSchema = z.object({ tag: z.string(), count: z.number().int().positive() });
export type TagCount = z.infer<typeof tagCountSchema>;

const datasetRef = z.object({ datasetId: idSchema });

export const editMethods = {
  'edits.apply': method(
    z.object({
      datasetId: idSchema,
      itemIds: z.array(idSchema).min(1, 'Select at least one item.').max(MAX_ITEM_IDS),
      op: editOpSchema,
      /** Merge into the previous step when it is the same kind of edit on the same single item, made moments
       * ago (typing with autosave makes one undo step, not one per pause). */
      coalesce: z.boolean().default(false),
    }),
    editResultSchema,
  ),
  'edits.undo': method(datasetRef, editResultSchema),
  'edits.redo': method(datasetRef, editResultSchema),
  'edits.history': method(datasetRef, editHistorySchema),
  /** Tags of a dataset (or of some of its items) by how many items carry them, most frequent first. */
  'tags.frequency': method(
    z.object({
      datasetId: idSchema,
      itemIds: z.array(idSchema).max(MAX_ITEM_IDS).optional(),
      /** Case-insensitive substring (autocomplete). */
      query: z.string().optional(),
      limit: z.number().int().positive().max(100_000).default(500),
    }),
    z.object({ distinct: z.number().int().nonnegative(), tags: z.array(tagCountSchema) }),
  ),
};

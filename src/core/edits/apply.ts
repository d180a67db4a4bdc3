import type { EditOp } from '../../shared/contract';
import type { Db } from '../store';
import { readCaption, writeCaption, type CaptionDelta, type CaptionSnap } from './caption-ops';
import { appendCaption, compileReplace, prependCaption } from './caption-text';
import { addTags, diffTags, isEmptyDelta, removeTags, reorderTags, replaceTag, MANUAL, type TagDelta, type TagRow } from './tag-list';
import { readTags, writeTagDelta } from './tag-ops';

/** What one edit did to one item: only the facets it touched. */
export interface ItemDelta {
  caption?: CaptionDelta;
  tags?: TagDelta;
}

export interface Change {
  itemId: number;
  delta: ItemDelta;
}

/** Reads the items' current state and works out what the edit changes; writes nothing. */
export function computeChanges(db: Db, itemIds: number[], op: EditOp): Change[] {
  const captionFn = captionTransform(op);
  const tagFn = tagTransform(op);
  const changes: Change[] = [];
  for (const itemId of itemIds) {
    if (captionFn) {
      const before = readCaption(db, itemId);
      const text = captionFn(before?.text ?? '');
      const after: CaptionSnap = text === '' ? null : { text, source: MANUAL };
      // Only a different text is a change: an edit that leaves it alone must not claim a model's caption.
      if ((before?.text ?? '') !== text) changes.push({ itemId, delta: { caption: { before, after } } });
    } else if (tagFn) {
      const rows = readTags(db, itemId);
      const delta = diffTags(rows, tagFn(rows));
      if (!isEmptyDelta(delta)) changes.push({ itemId, delta: { tags: delta } });
    }
  }
  return changes;
}

/** Writes a change forward (redo / first apply) or back (undo). Call inside a transaction. */
export function playChange(db: Db, change: Change, direction: 'forward' | 'back'): void {
  const { caption, tags } = change.delta;
  if (caption) writeCaption(db, change.itemId, direction === 'forward' ? caption.after : caption.before);
  if (tags) writeTagDelta(db, change.itemId, tags, direction);
}

function captionTransform(op: EditOp): ((caption: string) => string) | null {
  switch (op.kind) {
    case 'setCaption':
      return () => op.text;
    case 'prependCaption':
      return (c) => prependCaption(c, op.text, op.separator);
    case 'appendCaption':
      return (c) => appendCaption(c, op.text, op.separator);
    case 'replaceInCaptions':
      return compileReplace(op);
    default:
      return null;
  }
}

function tagTransform(op: EditOp): ((rows: TagRow[]) => TagRow[]) | null {
  switch (op.kind) {
    case 'addTags':
      return (rows) => addTags(rows, op.tags, op.at);
    case 'removeTags':
      return (rows) => removeTags(rows, op.tags);
    case 'replaceTag':
      return (rows) => replaceTag(rows, op.from, op.to);
    case 'reorderTags':
      return (rows) => reorderTags(rows, op.tags);
    default:
      return null;
  }
}

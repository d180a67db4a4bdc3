import type { EditOp } from '../../../shared/contract';
import type { libraryStrings } from './i18n';

type T = (typeof libraryStrings)['en'];

/** The undo button's words for a step. */
export function describeOp(op: EditOp, t: T): string {
  const list = (tags: string[]) => (tags.length > 3 ? `${tags.slice(0, 3).join(', ')}…` : tags.join(', '));
  switch (op.kind) {
    case 'setCaption':
      return t.opSetCaption;
    case 'prependCaption':
      return t.opPrepend;
    case 'appendCaption':
      return t.opAppend;
    case 'replaceInCaptions':
      return t.opReplace;
    case 'addTags':
      return t.opAddTags(list(op.tags));
    case 'removeTags':
      return t.opRemoveTags(list(op.tags));
    case 'replaceTag':
      return t.opReplaceTag(op.from, op.to);
    case 'reorderTags':
      return t.opReorder;
  }
}

/** The user content an edit step's words quote (its tags), shown as it is in every language. */
export function opNames(op: EditOp): string[] {
  if (op.kind === 'addTags' || op.kind === 'removeTags') return op.tags;
  return op.kind === 'replaceTag' ? [op.from, op.to] : [];
}

/** "a, b,, c " → ["a", "b", "c"]: what people type into a tag field. */
export function splitTags(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
}

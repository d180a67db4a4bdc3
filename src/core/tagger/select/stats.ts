import type { SelectionStats } from '../../../shared/contract';
import type { SelectedTag } from './select';

/** Live counts for the threshold sliders: how many tags and items a selection yields. */
export function selectionStats(perItem: Iterable<SelectedTag[]>): SelectionStats {
  let scoredItems = 0;
  let taggedItems = 0;
  let tags = 0;
  const distinct = new Set<string>();
  const byCategory: Record<string, number> = {};
  for (const list of perItem) {
    scoredItems++;
    if (list.length > 0) taggedItems++;
    tags += list.length;
    for (const t of list) {
      distinct.add(t.tag);
      byCategory[t.category] = (byCategory[t.category] ?? 0) + 1;
    }
  }
  return { scoredItems, taggedItems, tags, distinctTags: distinct.size, byCategory };
}

import type { SelectionStats } from '../../../shared/contract';
import type { IndexSelection, PreparedSelection } from './select';
import { categoryOf } from './vocab';

/** Live counts for the threshold sliders: how many tags and items a selection yields. */
export function selectionStats(p: PreparedSelection, perItem: Iterable<IndexSelection>): SelectionStats {
  const n = p.vocab.names.length;
  const seen = new Uint8Array(n);
  const perCode = new Int32Array(256);
  let scoredItems = 0;
  let taggedItems = 0;
  let tags = 0;
  let distinctTags = 0;
  for (const s of perItem) {
    scoredItems++;
    if (s.idx.length > 0) taggedItems++;
    tags += s.idx.length;
    for (const i of s.idx) {
      if (seen[i] === 0) {
        seen[i] = 1;
        distinctTags++;
      }
      perCode[p.vocab.codes[i]!]!++;
    }
  }
  const byCategory: Record<string, number> = {};
  perCode.forEach((c, code) => {
    if (c > 0) byCategory[categoryOf(code)] = (byCategory[categoryOf(code)] ?? 0) + c;
  });
  return { scoredItems, taggedItems, tags, distinctTags, byCategory };
}

/** selectionStats kept up to date tag by tag: items per output index and tags per item. */
export interface SelectionCounts {
  stats: SelectionStats;
  perIndex: Int32Array;
  perItem: Map<number, number>;
}

export function selectionCounts(p: PreparedSelection, perItem: Map<number, IndexSelection>): SelectionCounts {
  const perIndex = new Int32Array(p.vocab.names.length);
  const tagsOf = new Map<number, number>();
  for (const [id, s] of perItem) {
    tagsOf.set(id, s.idx.length);
    for (const i of s.idx) perIndex[i]!++;
  }
  return { stats: selectionStats(p, perItem.values()), perIndex, perItem: tagsOf };
}

/** Counts one tag (output index `i`) coming to (+1) or leaving (-1) an item's selection. */
export function countChange(c: SelectionCounts, p: PreparedSelection, itemId: number, i: number, delta: 1 | -1): void {
  const st = c.stats;
  const before = c.perItem.get(itemId) ?? 0;
  c.perItem.set(itemId, before + delta);
  if (before === 0 && delta > 0) st.taggedItems++;
  if (before === 1 && delta < 0) st.taggedItems--;
  const had = c.perIndex[i]!;
  c.perIndex[i] = had + delta;
  if (had === 0 && delta > 0) st.distinctTags++;
  if (had === 1 && delta < 0) st.distinctTags--;
  st.tags += delta;
  const cat = categoryOf(p.vocab.codes[i]!);
  const n = (st.byCategory[cat] ?? 0) + delta;
  if (n > 0) st.byCategory[cat] = n;
  else delete st.byCategory[cat];
}

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

import type { ItemSummary } from '../../shared/contract';

/** Inclusive range of item indexes. */
export interface IndexRange {
  start: number;
  end: number;
}

/** The pages covering a range of indexes. */
export function pagesForRange(range: IndexRange, pageSize: number): number[] {
  if (range.end < range.start) return [];
  const first = Math.floor(range.start / pageSize);
  const last = Math.floor(range.end / pageSize);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Which loaded pages to keep: those on screen, then the nearest others up to the budget. */
export function pagesToKeep(range: IndexRange, pageSize: number, max: number, loaded: number[]): Set<number> {
  const onScreen = pagesForRange(range, pageSize);
  const keep = new Set(onScreen);
  const centre = onScreen.length ? (onScreen[0]! + onScreen[onScreen.length - 1]!) / 2 : 0;
  const others = loaded.filter((p) => !keep.has(p)).sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
  for (const p of others) {
    if (keep.size >= Math.max(max, onScreen.length)) break;
    keep.add(p);
  }
  return keep;
}

/** Ids between two indexes (inclusive, either order) when every page they span is loaded; null otherwise. */
export function rangeIds(pages: ReadonlyMap<number, ItemSummary[]>, pageSize: number, a: number, b: number): number[] | null {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  const ids: number[] = [];
  for (let i = from; i <= to; i++) {
    const item = pages.get(Math.floor(i / pageSize))?.[i % pageSize];
    if (!item) return null;
    ids.push(item.id);
  }
  return ids;
}

/** MCut (Largeron et al. 2012) as the WD tagger Space computes it: the midpoint of the largest gap between
 * consecutive scores sorted in descending order. `sortedDesc` must already be sorted. */
export function mcutThreshold(sortedDesc: ArrayLike<number>): number {
  const n = sortedDesc.length;
  if (n === 0) return Infinity;
  // One score: its gap to zero is the only gap there is.
  if (n === 1) return sortedDesc[0]! / 2;
  let best = 0;
  let bestDiff = -Infinity;
  for (let i = 0; i < n - 1; i++) {
    const d = sortedDesc[i]! - sortedDesc[i + 1]!;
    if (d > bestDiff) {
      bestDiff = d;
      best = i;
    }
  }
  return (sortedDesc[best]! + sortedDesc[best + 1]!) / 2;
}

/** The Space floors the character MCut threshold so that a lone weak character guess never passes. */
export const CHARACTER_MCUT_FLOOR = 0.15;

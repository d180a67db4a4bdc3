import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** The width a row's children need side by side at their natural sizes: a child marked data-fill (a spacer)
 * needs none; one that truncates its text needs its whole text, and one that may shrink below its flex basis
 * needs that basis, each no more than its max-width or than the width it gives way to before the row folds
 * (data-shrinks-to, px), with its margins. Forces a layout: called only to measure. */
function neededWidth(row: HTMLElement): number {
  const cs = getComputedStyle(row);
  const kids = Array.from(row.children) as HTMLElement[];
  let need = (parseFloat(cs.columnGap) || 0) * Math.max(0, kids.length - 1) + (parseFloat(cs.paddingLeft) || 0) + (parseFloat(cs.paddingRight) || 0);
  for (const k of kids) {
    if (k.dataset.fill !== undefined) continue;
    const ks = getComputedStyle(k);
    const natural = Math.max(k.scrollWidth, k.offsetWidth, parseFloat(ks.flexBasis) || 0);
    const most = Math.min(parseFloat(ks.maxWidth) || Infinity, Number(k.dataset.shrinksTo) || Infinity);
    need += Math.min(natural, most) + (parseFloat(ks.marginLeft) || 0) + (parseFloat(ks.marginRight) || 0);
  }
  return need;
}

/** The least fold level whose measured width fits `room`, or the first one not measured yet (to be tried);
 * `levels` when none fits. The widths fall as the level rises. Pure. */
export function pickFoldLevel(widths: readonly (number | undefined)[], room: number, levels: number): number {
  for (let k = 0; k < levels; k++) {
    const w = widths[k];
    if (w === undefined || w <= room + 0.5) return k;
  }
  return levels;
}

/**
 * How far a row folds (0: not at all, up to `levels`) so that its contents fit side by side; each level shows
 * less (labels as icons, controls in a menu). `content` is a key of what sets the contents' widths (the language,
 * names, the digits of counts): when it changes the row is measured again from level 0 up, before the browser
 * paints, one level at a time until it fits. Width changes (a ResizeObserver) pick from the widths measured,
 * measuring only a level not measured yet; renders that change neither measure nothing.
 */
export function useFoldLevel<T extends HTMLElement>(content: string, levels: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [level, setLevel] = useState(0);
  const measured = useRef<{ content: string; widths: number[] }>({ content, widths: [] });

  useLayoutEffect(() => {
    const row = ref.current;
    if (!row) return;
    if (measured.current.content !== content) {
      measured.current = { content, widths: [] };
      if (level !== 0) {
        setLevel(0);
        return;
      }
    }
    if (measured.current.widths[level] !== undefined) return;
    const need = neededWidth(row);
    measured.current.widths[level] = need;
    if (level < levels && need > row.clientWidth + 0.5) setLevel(level + 1);
  }, [content, level, levels]);

  useLayoutEffect(() => {
    const row = ref.current;
    if (!row) return;
    // Called after layout: reading the row's width here forces none.
    const ro = new ResizeObserver(() => setLevel(pickFoldLevel(measured.current.widths, row.clientWidth, levels)));
    ro.observe(row);
    return () => ro.disconnect();
  }, [levels]);
  return [ref, level];
}

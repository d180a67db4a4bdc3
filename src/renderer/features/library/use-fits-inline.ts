import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** The width a row's children need side by side at their natural sizes (a child marked data-fill, a spacer,
 * needs none; one that truncates its text needs its whole text). */
function neededWidth(row: HTMLElement): number {
  const cs = getComputedStyle(row);
  const kids = Array.from(row.children) as HTMLElement[];
  const gaps = (parseFloat(cs.columnGap) || 0) * Math.max(0, kids.length - 1);
  const own = kids.reduce((sum, k) => sum + (k.dataset.fill !== undefined ? 0 : Math.max(k.scrollWidth, k.offsetWidth)), 0);
  return own + gaps + (parseFloat(cs.paddingLeft) || 0) + (parseFloat(cs.paddingRight) || 0);
}

/**
 * Whether a row's contents fit in it side by side, so that what does not fit can fold into a menu. Measured
 * while they are shown (again whenever `content` changes, before the browser paints), then followed as the
 * row's width changes: they show again once the width they needed is there.
 */
export function useFitsInline<T extends HTMLElement>(content: string): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [inline, setInline] = useState(true);
  const need = useRef(0);

  useLayoutEffect(() => setInline(true), [content]);
  useLayoutEffect(() => {
    const row = ref.current;
    if (!row || !inline) return;
    need.current = neededWidth(row);
    if (need.current > row.clientWidth + 0.5) setInline(false);
  });
  useLayoutEffect(() => {
    const row = ref.current;
    if (!row) return;
    const ro = new ResizeObserver(() => setInline(need.current <= row.clientWidth + 0.5));
    ro.observe(row);
    return () => ro.disconnect();
  }, []);
  return [ref, inline];
}

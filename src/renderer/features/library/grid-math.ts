/** Geometry and keyboard movement of the thumbnail grid. Pure, unit-tested. */

export const GAP = 8;
/** File name line under each thumbnail. */
export const LABEL_H = 18;
/** Tile padding on each side. */
export const TILE_PAD = 3;

export function columnsFor(width: number, thumb: number): number {
  const cell = thumb + 2 * TILE_PAD;
  return Math.max(1, Math.floor((width - GAP) / (cell + GAP)));
}

/** The thumbnail side that makes `cols` columns fill the width (the slider's size is the minimum, unless even one
 * column of it would not fit). */
export function fittedThumb(width: number, cols: number, thumb: number): number {
  const fill = Math.floor((width - GAP * (cols + 1)) / cols) - 2 * TILE_PAD;
  const side = Math.max(thumb, fill);
  // Narrower than one tile of that size: the one column shrinks to fit rather than being cut off.
  const room = width - 2 * GAP - 2 * TILE_PAD;
  return width > 0 && room < side ? Math.max(24, room) : side;
}

export function rowHeight(thumb: number): number {
  return thumb + 2 * TILE_PAD + LABEL_H + GAP;
}

/** Where a navigation key moves the focus, or null when the key is not one. */
export function navTarget(key: string, index: number | null, cols: number, total: number, pageRows: number): number | null {
  if (total === 0) return null;
  if (index === null) return key === 'End' ? total - 1 : ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'PageDown', 'PageUp'].includes(key) ? 0 : null;
  const clamp = (i: number) => Math.max(0, Math.min(total - 1, i));
  switch (key) {
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowDown':
      return index + cols < total ? index + cols : index;
    case 'ArrowUp':
      return index - cols >= 0 ? index - cols : index;
    case 'PageDown':
      return clamp(index + cols * Math.max(1, pageRows));
    case 'PageUp':
      return clamp(index - cols * Math.max(1, pageRows));
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}

import type { TagCategory } from '../../../shared/contract';

/** A model's tag list (selected_tags.csv): row i names output i. Columnar, for fast selection over many items. */
export interface Vocab {
  names: string[];
  /** Danbooru category codes as in the CSV (9 rating, 0 general, 4 character, ...). */
  codes: Uint8Array;
  postCounts: Int32Array;
}

export const RATING_CODE = 9;
export const CHARACTER_CODE = 4;

const CATEGORY_BY_CODE: Record<number, TagCategory> = {
  0: 'general',
  1: 'artist',
  3: 'copyright',
  4: 'character',
  5: 'meta',
  9: 'rating',
};

export function categoryOf(code: number): TagCategory {
  return CATEGORY_BY_CODE[code] ?? 'other';
}

import type { TagSelection } from '../../../shared/contract';
import { kept, type ItemScores, type PreparedSelection } from './select';
import { CHARACTER_CODE, RATING_CODE } from './vocab';

/** Scores in (lo, hi] join the selection (`adding`, the threshold went down) or leave it. */
export interface Band {
  lo: number;
  hi: number;
  adding: boolean;
}

/** A move of the general and/or character threshold between two selections otherwise equal. */
export interface ThresholdBand {
  general: Band | null;
  character: Band | null;
}

function bandOf(from: number, to: number): Band | null {
  return from === to ? null : { lo: Math.min(from, to), hi: Math.max(from, to), adding: to < from };
}

/**
 * When `after` differs from `before` only in thresholds that decide alone (no MCut on that category, and for
 * general tags no cap), each item's change is exactly its tags of that category scored between the two
 * thresholds; null when the change is of another kind (then compare whole selections).
 */
export function thresholdBand(before: TagSelection, after: TagSelection): ThresholdBand | null {
  const { general: g0, character: c0, ...rest0 } = before;
  const { general: g1, character: c1, ...rest1 } = after;
  if (JSON.stringify(rest0) !== JSON.stringify(rest1)) return null;
  const general = bandOf(g0, g1);
  const character = bandOf(c0, c1);
  if (general && (before.generalMcut || before.maxGeneral > 0)) return null;
  if (character && before.characterMcut) return null;
  return { general, character };
}

/** Calls `change(k)` for each score rank k of the item whose tag the band adds or drops (prepared `p` is the
 * selection after the move; both sides drop the same excluded and suppressed tags). */
export function bandChanges(p: PreparedSelection, band: ThresholdBand, item: ItemScores, suppressedKeys: ReadonlySet<string> | undefined, change: (k: number, adding: boolean) => void): void {
  const lo = Math.min(band.general?.lo ?? Infinity, band.character?.lo ?? Infinity);
  const codes = p.vocab.codes;
  for (let k = 0; k < item.idx.length; k++) {
    const s = item.score[k]!;
    if (s <= lo) return;
    const i = item.idx[k]!;
    const code = codes[i];
    if (code === undefined || code === RATING_CODE) continue;
    const b = code === CHARACTER_CODE ? band.character : band.general;
    if (b && s > b.lo && s <= b.hi && kept(p, i, suppressedKeys)) change(k, b.adding);
  }
}

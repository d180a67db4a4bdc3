import type { TagCategory, TagSelection } from '../../../shared/contract';
import { CHARACTER_MCUT_FLOOR, mcutThreshold } from './mcut';
import { displayTag, tagKey } from './tag-text';
import { categoryOf, CHARACTER_CODE, RATING_CODE, type Vocab } from './vocab';

/** One item's stored scores from one model: parallel arrays of output index and probability. */
export interface ItemScores {
  idx: Uint32Array;
  score: Float32Array;
}

export interface SelectedTag {
  tag: string;
  score: number;
  category: TagCategory;
}

/** A selection compiled against one vocabulary, so that slicing many items does no per-item string work. */
export interface PreparedSelection {
  settings: TagSelection;
  vocab: Vocab;
  display: string[];
  keys: string[];
  excluded: Uint8Array;
  /** Output index → rank in alwaysFirst (or -1). */
  firstRank: Int32Array;
}

export function prepareSelection(vocab: Vocab, settings: TagSelection): PreparedSelection {
  const n = vocab.names.length;
  const display = vocab.names.map((name) => displayTag(name, settings));
  const keys = display.map(tagKey);
  const excludeKeys = new Set(settings.exclude.map(tagKey));
  const firstKeys = new Map(settings.alwaysFirst.map((t, i) => [tagKey(t), i] as const));
  const excluded = new Uint8Array(n);
  const firstRank = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (excludeKeys.has(keys[i]!)) excluded[i] = 1;
    const r = firstKeys.get(keys[i]!);
    if (r !== undefined) firstRank[i] = r;
  }
  return { settings, vocab, display, keys, excluded, firstRank };
}

interface Entry {
  i: number;
  s: number;
}

const byScoreDesc = (a: Entry, b: Entry): number => b.s - a.s || a.i - b.i;

/**
 * Chooses an item's tags from its scores: thresholds (or MCut) per category, the best rating tag if asked,
 * exclusions and the user's suppressed tags dropped, then ordered: rating, always-first tags, characters
 * (first or last), general tags by score. `suppressedKeys` holds tagKey() of tags the user removed by hand.
 */
export function selectTags(p: PreparedSelection, item: ItemScores, suppressedKeys?: ReadonlySet<string>): SelectedTag[] {
  const { settings: st, vocab } = p;
  const general: Entry[] = [];
  const character: Entry[] = [];
  let rating: Entry | null = null;
  for (let k = 0; k < item.idx.length; k++) {
    const i = item.idx[k]!;
    if (i >= vocab.codes.length) continue;
    const s = item.score[k]!;
    const code = vocab.codes[i]!;
    if (code === RATING_CODE) {
      if (!rating || s > rating.s) rating = { i, s };
    } else if (code === CHARACTER_CODE) character.push({ i, s });
    else general.push({ i, s });
  }
  general.sort(byScoreDesc);
  character.sort(byScoreDesc);
  const gThresh = st.generalMcut ? mcutThreshold(general.map((e) => e.s)) : st.general;
  const cThresh = st.characterMcut ? Math.max(CHARACTER_MCUT_FLOOR, mcutThreshold(character.map((e) => e.s))) : st.character;

  const keep = (e: Entry): boolean => p.excluded[e.i] === 0 && !(suppressedKeys?.has(p.keys[e.i]!) ?? false);
  let gen = general.filter((e) => e.s > gThresh && keep(e));
  if (st.maxGeneral > 0) gen = gen.slice(0, st.maxGeneral);
  const chars = character.filter((e) => e.s > cThresh && keep(e));

  const first: Entry[] = [];
  const takeFirst = (list: Entry[]): Entry[] =>
    list.filter((e) => {
      if (p.firstRank[e.i]! < 0) return true;
      first.push(e);
      return false;
    });
  const restChars = takeFirst(chars);
  const restGen = takeFirst(gen);
  first.sort((a, b) => p.firstRank[a.i]! - p.firstRank[b.i]!);

  const ordered: Entry[] = [];
  if (st.rating === 'best' && rating && keep(rating)) ordered.push(rating);
  ordered.push(...first);
  if (st.characterFirst) ordered.push(...restChars, ...restGen);
  else ordered.push(...restGen, ...restChars);
  return ordered.map((e) => ({ tag: p.display[e.i]!, score: e.s, category: categoryOf(vocab.codes[e.i]!) }));
}

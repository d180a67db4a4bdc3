import type { TagCategory, TagSelection } from '../../../shared/contract';
import { CHARACTER_MCUT_FLOOR, mcutThreshold } from './mcut';
import { displayTag, tagKey } from './tag-text';
import { categoryOf, CHARACTER_CODE, RATING_CODE, type Vocab } from './vocab';

/** One item's stored scores from one model: output indices and probabilities, highest score first. */
export interface ItemScores {
  idx: Uint32Array;
  score: Float32Array;
}

/** An item's selected tags as vocabulary indices, in caption order, with the position each is written at. */
export interface IndexSelection {
  idx: number[];
  score: number[];
  position: number[];
}

export interface SelectedTag {
  tag: string;
  score: number;
  category: TagCategory;
  position: number;
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

type TextParts = Omit<PreparedSelection, 'settings' | 'vocab'>;
const textCache = new WeakMap<Vocab, Map<string, TextParts>>();

/** Compiles a selection. The per-tag texts depend only on the text settings, exclusions and always-first tags,
 * so they are kept per vocabulary: a threshold move compiles nothing again. */
export function prepareSelection(vocab: Vocab, settings: TagSelection): PreparedSelection {
  const key = JSON.stringify([settings.underscores, settings.escapeParens, settings.exclude, settings.alwaysFirst]);
  let perVocab = textCache.get(vocab);
  if (!perVocab) textCache.set(vocab, (perVocab = new Map()));
  let parts = perVocab.get(key);
  if (!parts) {
    parts = compileTexts(vocab, settings);
    if (perVocab.size >= 8) perVocab.clear();
    perVocab.set(key, parts);
  }
  return { settings, vocab, ...parts };
}

function compileTexts(vocab: Vocab, settings: TagSelection): TextParts {
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
  return { display, keys, excluded, firstRank };
}

/**
 * Positions follow from the category and the score alone, so a tag keeps its place when others come and go
 * with the thresholds (re-slicing writes only what was added or removed), and sorting by position gives:
 * rating, always-first tags, characters (or after the general tags), general tags by score.
 */
export const POSITION = {
  rating: 0,
  first: 10,
  charactersFirst: 100_000,
  general: 2_000_000,
  charactersLast: 4_000_000,
} as const;
const byScore = (base: number, s: number): number => base + Math.round((1 - s) * 1_000_000);

/** Where a selected general or character tag (output index `i`, score `s`) is written. */
export function tagPosition(p: PreparedSelection, i: number, s: number): number {
  const rank = p.firstRank[i]!;
  if (rank >= 0) return POSITION.first + rank;
  if (p.vocab.codes[i] !== CHARACTER_CODE) return byScore(POSITION.general, s);
  return byScore(p.settings.characterFirst ? POSITION.charactersFirst : POSITION.charactersLast, s);
}

/** MCut over one category of a score-descending list (see mcut.ts). */
function mcutOf(item: ItemScores, codes: Uint8Array, isCategory: (code: number) => boolean): number {
  const picked: number[] = [];
  for (let k = 0; k < item.idx.length; k++) {
    const code = codes[item.idx[k]!];
    if (code !== undefined && isCategory(code)) picked.push(item.score[k]!);
  }
  return mcutThreshold(picked);
}

const isGeneral = (c: number): boolean => c !== RATING_CODE && c !== CHARACTER_CODE;
const isCharacter = (c: number): boolean => c === CHARACTER_CODE;

/**
 * Chooses an item's tags from its scores (highest first): thresholds (or MCut) per category, strictly above;
 * the best rating tag if asked; exclusions and the user's suppressed tags dropped; then ordered: rating,
 * always-first tags, characters (first or last), general tags by score. `suppressedKeys` holds tagKey() of
 * tags the user removed by hand. One pass over the top of the scores, no sorting.
 */
export function selectIndices(p: PreparedSelection, item: ItemScores, suppressedKeys?: ReadonlySet<string>): IndexSelection {
  const st = p.settings;
  const codes = p.vocab.codes;
  const gThresh = st.generalMcut ? mcutOf(item, codes, isGeneral) : st.general;
  const cThresh = st.characterMcut ? Math.max(CHARACTER_MCUT_FLOOR, mcutOf(item, codes, isCharacter)) : st.character;
  const out: IndexSelection = { idx: [], score: [], position: [] };
  // The chosen score ranks (k) per group, in scratch space reused from item to item: slicing a dataset
  // allocates only the results. Always-first tags from 0, characters from n, general tags from 2n.
  const n = item.idx.length;
  if (scratch.length < 3 * n) scratch = new Int32Array(6 * n);
  const ks = scratch;
  let nFirst = 0;
  let nChars = 0;
  let nGeneral = 0;
  let rating = -1;
  let generalLeft = st.maxGeneral > 0 ? st.maxGeneral : Infinity;
  // Scores come highest first: past both thresholds (and the best rating, if wanted) nothing more can be chosen.
  const lowest = Math.min(gThresh, cThresh);
  const wantRating = st.rating === 'best';
  for (let k = 0; k < n; k++) {
    const s = item.score[k]!;
    if (s <= lowest && (!wantRating || rating >= 0)) break;
    const i = item.idx[k]!;
    const code = codes[i];
    if (code === undefined) continue;
    if (code === RATING_CODE) {
      if (rating < 0) rating = k;
    } else if (code === CHARACTER_CODE) {
      if (s > cThresh && kept(p, i, suppressedKeys)) {
        if (p.firstRank[i]! >= 0) ks[nFirst++] = k;
        else ks[n + nChars++] = k;
      }
    } else if (s > gThresh && generalLeft > 0 && kept(p, i, suppressedKeys)) {
      generalLeft--;
      if (p.firstRank[i]! >= 0) ks[nFirst++] = k;
      else ks[2 * n + nGeneral++] = k;
    }
  }
  if (wantRating && rating >= 0 && kept(p, item.idx[rating]!, suppressedKeys)) {
    out.idx.push(item.idx[rating]!);
    out.score.push(item.score[rating]!);
    out.position.push(POSITION.rating);
  }
  if (nFirst > 1) ks.subarray(0, nFirst).sort((a, b) => p.firstRank[item.idx[a]!]! - p.firstRank[item.idx[b]!]!);
  for (let j = 0; j < nFirst; j++) push(out, p, item, ks[j]!);
  if (st.characterFirst) for (let j = n; j < n + nChars; j++) push(out, p, item, ks[j]!);
  for (let j = 2 * n; j < 2 * n + nGeneral; j++) push(out, p, item, ks[j]!);
  if (!st.characterFirst) for (let j = n; j < n + nChars; j++) push(out, p, item, ks[j]!);
  return out;
}

let scratch = new Int32Array(1024);

/** Neither excluded nor removed by the user. */
export function kept(p: PreparedSelection, i: number, suppressedKeys: ReadonlySet<string> | undefined): boolean {
  return p.excluded[i] === 0 && !(suppressedKeys !== undefined && suppressedKeys.size > 0 && suppressedKeys.has(p.keys[i]!));
}

function push(out: IndexSelection, p: PreparedSelection, item: ItemScores, k: number): void {
  out.idx.push(item.idx[k]!);
  out.score.push(item.score[k]!);
  out.position.push(tagPosition(p, item.idx[k]!, item.score[k]!));
}

/** selectIndices with tag texts, for callers that want readable results. */
export function selectTags(p: PreparedSelection, item: ItemScores, suppressedKeys?: ReadonlySet<string>): SelectedTag[] {
  const s = selectIndices(p, item, suppressedKeys);
  return s.idx.map((i, k) => ({ tag: p.display[i]!, score: s.score[k]!, category: categoryOf(p.vocab.codes[i]!), position: s.position[k]! }));
}

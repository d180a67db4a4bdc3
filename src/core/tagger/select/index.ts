export { mcutThreshold, CHARACTER_MCUT_FLOOR } from './mcut';
export { KAOMOJIS, displayTag, escapeParens, tagKey, type TagTextOptions } from './tag-text';
export { categoryOf, CHARACTER_CODE, RATING_CODE, type Vocab } from './vocab';
export {
  prepareSelection,
  selectIndices,
  selectTags,
  POSITION,
  kept,
  tagPosition,
  type IndexSelection,
  type ItemScores,
  type PreparedSelection,
  type SelectedTag,
} from './select';
export { countChange, selectionCounts, selectionStats, type SelectionCounts } from './stats';
export { bandChanges, thresholdBand, type Band, type ThresholdBand } from './threshold-band';

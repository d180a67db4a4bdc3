import type { ResolvedModel } from '../models';

/** A tagger model on disk, as the tagger needs it: the id its scores are stored under, its folder and files,
 * how its pictures are prepared, and its recommended thresholds (catalog models). Resolved by the models domain. */
export type ModelRef = Pick<ResolvedModel, 'id' | 'name' | 'dir' | 'modelPath' | 'tagsPath' | 'preprocess' | 'thresholds'>;

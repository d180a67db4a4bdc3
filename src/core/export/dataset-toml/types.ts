/** Types shared by the dataset TOML writers and validators of both engines. */
import type { CauseDetails, TomlProblemCode } from '../../../shared/contract/training-issues';

/** `512` (square) or `[width, height]`: both engines accept either. */
export type Resolution = number | readonly [number, number];

/** One thing wrong with a dataset TOML. `error`: the engine rejects the file or trains on the wrong data;
 * `warning`: the engine adjusts the value silently, which is rarely what was meant. */
export interface TomlProblem {
  severity: 'error' | 'warning';
  /** The cause, with the names and numbers the message quotes in `details` (for other languages than English). */
  code: TomlProblemCode;
  details?: CauseDetails;
  /** Where, as a TOML path: `datasets[0].subsets[1].num_repeats`. */
  path: string;
  /** What is wrong and what to write instead. */
  message: string;
}

export interface ValidateOptions {
  /** When given, directories named by the file are checked to exist (a launch pre-flight); the writers leave it out
   * because they run before the folders are made. */
  directoryExists?: (path: string) => boolean;
}

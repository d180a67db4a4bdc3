export type { Resolution, TomlProblem, ValidateOptions } from './types';
export {
  sdScriptsDatasetToml, validateSdScriptsToml,
  type SdScriptsDatasetConfig, type SdScriptsDataset, type SdScriptsDatasetOptions, type SdScriptsSubset,
} from './sd-scripts';
export {
  musubiDatasetToml, validateMusubiToml, frameExtractions,
  type MusubiDatasetConfig, type MusubiDataset, type MusubiImageDataset, type MusubiVideoDataset, type MusubiCommonOptions,
  type FrameExtraction,
} from './musubi';

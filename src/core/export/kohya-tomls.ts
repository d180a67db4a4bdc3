import type { Dataset } from '../../shared/contract';
import { musubiDatasetToml, sdScriptsDatasetToml, type MusubiDataset } from './dataset-toml';
import type { KohyaLayout } from './kohya-layout';

/** Starting values the user tunes per run (the training page writes its own): 1024² buckets from 256 to 2048 for
 * sd-scripts; 1024² pictures or 960×544 clips of 1, 25 and 45 frames for musubi. */
export const EXPORT_RESOLUTION = 1024;
export const VIDEO_RESOLUTION: [number, number] = [960, 544];
export const VIDEO_TARGET_FRAMES = [1, 25, 45];

/** The two dataset TOMLs of a kohya export, pointing at its final (not staging) folders. */
export function kohyaTomls(layout: KohyaLayout, kind: Dataset['kind'], repeats: number, conceptName: string): { sdScripts: string; musubi: string } {
  const sdScripts = sdScriptsDatasetToml({
    general: { captionExtension: '.txt', shuffleCaption: false, keepTokens: 0 },
    datasets: [{
      resolution: EXPORT_RESOLUTION,
      batchSize: 1,
      enableBucket: true,
      minBucketReso: 256,
      maxBucketReso: 2048,
      bucketResoSteps: 64,
      bucketNoUpscale: true,
      // Every exported picture has a caption file; class_tokens covers pictures added to the folder by hand.
      subsets: [{ imageDir: layout.imageDir, numRepeats: repeats, classTokens: conceptName }],
    }],
  });
  const dataset: MusubiDataset = kind === 'video'
    ? { kind: 'video', videoDirectory: layout.imageDir, cacheDirectory: layout.cacheDir, numRepeats: repeats, targetFrames: VIDEO_TARGET_FRAMES, frameExtraction: 'head' }
    : { kind: 'image', imageDirectory: layout.imageDir, cacheDirectory: layout.cacheDir, numRepeats: repeats, ...(layout.controlDir ? { controlDirectory: layout.controlDir } : {}) };
  const musubi = musubiDatasetToml({
    general: {
      resolution: kind === 'video' ? VIDEO_RESOLUTION : [EXPORT_RESOLUTION, EXPORT_RESOLUTION],
      captionExtension: '.txt',
      batchSize: 1,
      enableBucket: true,
      bucketNoUpscale: false,
    },
    datasets: [dataset],
  });
  return { sdScripts, musubi };
}

import type { ParamValue, ParamValues } from '../../../shared/contract/training-params';
import { conceptNameFrom, kohyaLayout, musubiDatasetToml, sdScriptsDatasetToml, type FrameExtraction, type MusubiDataset } from '../../export';
import type { ModelSpec } from '../registry';

/** The run's dataset export: the kohya export into the run folder, one repeat per folder (the repeats are in the
 * dataset TOML), named after the dataset. */
export interface RunExport {
  outDir: string;
  conceptName: string;
  /** Pictures or videos with their caption .txt files. */
  mediaDir: string;
  /** Control pictures, named after their targets (control-pair datasets). */
  controlDir: string | null;
}

export const EXPORT_REPEATS = 1;

export function runExport(exportDir: string, datasetName: string, controlPairs: boolean): RunExport {
  const conceptName = conceptNameFrom(datasetName);
  // The export job's id only names its staging folder, not the folders the TOML points at.
  const layout = kohyaLayout(exportDir, EXPORT_REPEATS, conceptName, controlPairs, 0);
  return { outDir: exportDir, conceptName, mediaDir: layout.imageDir, controlDir: layout.controlDir };
}

const num = (v: ParamValue | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const bool = (v: ParamValue | null | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const pair = (v: ParamValue | null | undefined): [number, number] | undefined =>
  Array.isArray(v) && v.length === 2 ? [Number(v[0]), Number(v[1])] : undefined;

/** The engine's dataset TOML for a run, written with the export's TOML writers (which refuse what the engine would). */
export function datasetToml(spec: ModelSpec, v: ParamValues, exp: RunExport, cacheDir: string, video: boolean): string {
  if (spec.engine === 'musubi-tuner') {
    const dataset: MusubiDataset = video
      ? {
          kind: 'video',
          videoDirectory: exp.mediaDir,
          cacheDirectory: cacheDir,
          targetFrames: Array.isArray(v.target_frames) ? v.target_frames.map(Number) : undefined,
          frameExtraction: typeof v.frame_extraction === 'string' ? (v.frame_extraction as FrameExtraction) : undefined,
          frameStride: num(v.frame_stride),
          frameSample: num(v.frame_sample),
          maxFrames: num(v.max_frames),
          sourceFps: num(v.source_fps),
        }
      : { kind: 'image', imageDirectory: exp.mediaDir, cacheDirectory: cacheDir, ...(spec.needsControl && exp.controlDir ? { controlDirectory: exp.controlDir } : {}) };
    return musubiDatasetToml({
      general: {
        resolution: pair(v.resolution),
        captionExtension: '.txt',
        batchSize: num(v.batch_size),
        numRepeats: num(v.num_repeats),
        enableBucket: bool(v.enable_bucket),
        bucketNoUpscale: bool(v.bucket_no_upscale),
      },
      datasets: [dataset],
    });
  }
  return sdScriptsDatasetToml({
    datasets: [
      {
        resolution: pair(v.resolution),
        batchSize: num(v.batch_size),
        enableBucket: bool(v.enable_bucket),
        bucketNoUpscale: bool(v.bucket_no_upscale),
        subsets: [
          {
            imageDir: exp.mediaDir,
            numRepeats: num(v.num_repeats),
            captionExtension: '.txt',
            // Pictures added to the folder by hand train on the concept name.
            classTokens: exp.conceptName,
            keepTokens: num(v.keep_tokens),
            shuffleCaption: bool(v.shuffle_caption),
            captionDropoutRate: num(v.caption_dropout_rate),
            flipAug: bool(v.flip_aug),
          },
        ],
      },
    ],
  });
}

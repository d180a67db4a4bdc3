import { join } from 'node:path';
import { stringify } from 'smol-toml';
import type { ParamValue } from '../../../shared/contract/training-params';
import type { ModelSpec } from '../registry';

export interface DatasetPlaces {
  /** Where the run's export puts the dataset. */
  exportDir: string;
  /** The run's cache directory (musubi-tuner: one per dataset). */
  cacheDir: string;
  video: boolean;
}

/** Folders of the run's export: training media with their caption .txt files, and control images by file name. */
export function exportFolders(exportDir: string): { media: string; control: string } {
  return { media: join(exportDir, 'images'), control: join(exportDir, 'control') };
}

// Keys each engine accepts in [general] (the rest go to the dataset, or for sd-scripts to the subset).
const MUSUBI_GENERAL = new Set(['resolution', 'caption_extension', 'batch_size', 'num_repeats', 'enable_bucket', 'bucket_no_upscale']);
const SD_DATASET = new Set(['resolution', 'batch_size', 'enable_bucket', 'bucket_no_upscale', 'min_bucket_reso', 'max_bucket_reso']);

/** The engine's dataset TOML for the run's export. */
export function datasetToml(spec: ModelSpec, values: Record<string, ParamValue>, at: DatasetPlaces): string {
  const dirs = exportFolders(at.exportDir);
  if (spec.engine === 'musubi-tuner') {
    const general: Record<string, ParamValue> = { caption_extension: '.txt' };
    const dataset: Record<string, ParamValue> = {};
    for (const [k, v] of Object.entries(values)) (MUSUBI_GENERAL.has(k) ? general : dataset)[k] = v;
    const place: Record<string, ParamValue> = at.video ? { video_directory: dirs.media } : { image_directory: dirs.media };
    if (!at.video) for (const k of ['target_frames', 'frame_extraction', 'frame_stride', 'frame_sample', 'max_frames', 'source_fps']) delete dataset[k];
    if (spec.needsControl) place.control_directory = dirs.control;
    return stringify({ general, datasets: [{ ...place, cache_directory: at.cacheDir, ...dataset }] });
  }
  const dataset: Record<string, ParamValue> = {};
  const subset: Record<string, ParamValue> = { image_dir: dirs.media, caption_extension: '.txt' };
  for (const [k, v] of Object.entries(values)) (SD_DATASET.has(k) ? dataset : subset)[k] = v;
  return stringify({ datasets: [{ ...dataset, subsets: [subset] }] });
}

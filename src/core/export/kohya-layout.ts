import { join } from 'node:path';

/** Where a kohya export puts things: `<out>/<repeats>_<name>/` (pictures and captions), `<out>/control_<name>/`
 * (control-pair datasets), the two dataset TOMLs beside them, and musubi's cache folder. The extra folders do not
 * start with `<number>_`, so sd-scripts' folder convention (train_data_dir=<out>) does not take them for concepts. */
export interface KohyaLayout {
  outDir: string;
  imageDir: string;
  controlDir: string | null;
  cacheDir: string;
  sdScriptsToml: string;
  musubiToml: string;
  /** Hidden staging folder inside outDir (same file system: the final moves are renames). */
  staging: string;
}

export const SDSCRIPTS_TOML = 'dataset_sdscripts.toml';
export const MUSUBI_TOML = 'dataset_musubi.toml';

export function kohyaLayout(outDir: string, repeats: number, name: string, withControls: boolean, jobId: number): KohyaLayout {
  return {
    outDir,
    imageDir: join(outDir, `${repeats}_${name}`),
    controlDir: withControls ? join(outDir, `control_${name}`) : null,
    cacheDir: join(outDir, `cache_${name}`),
    sdScriptsToml: join(outDir, SDSCRIPTS_TOML),
    musubiToml: join(outDir, MUSUBI_TOML),
    staging: join(outDir, `.atelier-export-${jobId}`),
  };
}

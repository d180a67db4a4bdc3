import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where a run keeps everything, under the data folder:
 *   training/runs/<stamp>-<slug>/{dataset/, dataset.toml, sample_prompts.txt, tensorboard.toml, output/, logs/}
 *   training/cache/<model>/<settings>-<items>/   latent and text-encoder caches (cache-reuse.ts), shared by runs with
 *                                               the same inputs */
export interface RunLayout {
  runDir: string;
  exportDir: string;
  datasetToml: string;
  samplePrompts: string;
  trackerConfig: string;
  outputDir: string;
  sampleDir: string;
  loggingDir: string;
}

/** A folder-safe short name: letters, digits, dot, dash, underscore. */
export function slug(text: string, max = 48): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, max);
  return s || 'run';
}

export function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** A new run folder name that does not exist yet. */
export function runLayout(dataDir: string, name: string, now: Date): RunLayout {
  const base = join(dataDir, 'training', 'runs', `${stamp(now)}-${slug(name)}`);
  let runDir = base;
  for (let i = 2; existsSync(runDir); i++) runDir = `${base}-${i}`;
  const outputDir = join(runDir, 'output');
  return {
    runDir,
    exportDir: join(runDir, 'dataset'),
    datasetToml: join(runDir, 'dataset.toml'),
    samplePrompts: join(runDir, 'sample_prompts.txt'),
    trackerConfig: join(runDir, 'tensorboard.toml'),
    outputDir,
    sampleDir: join(outputDir, 'sample'),
    loggingDir: join(runDir, 'logs'),
  };
}

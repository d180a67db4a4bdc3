import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Job } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../app/context';
import { IMPORT_JOB, type ImportParams } from './import-job';

export interface StartImportInput {
  datasetId: number;
  /** Folders, pictures and zip archives; relative paths resolve against the process's folder. */
  paths: string[];
  /** Copy folders into the library too (pictures and archives always are). */
  copy?: boolean;
  /** Keep linked folders in sync with a watcher. */
  watch?: boolean;
}

/** Queues an import job (what 'import.start' does; hosts call it directly, e.g. after browser uploads). */
export function startImport(core: CoreContext, input: StartImportInput): Job {
  const dataset = core.datasets.get(input.datasetId);
  if (!input.paths.length) throw new AppError('INVALID_INPUT', 'Give at least one path to import.');
  const paths = input.paths.map((p) => resolve(p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) {
    throw new AppError('NOT_FOUND', `Nothing to import at ${missing.map((p) => `"${p}"`).join(', ')}: no such file or folder.`, { paths: missing });
  }
  const params: ImportParams = { datasetId: dataset.id, paths, copy: input.copy ?? false, watch: input.watch ?? true };
  const what = paths.length === 1 ? `"${paths[0]!.split(/[\\/]/).pop()}"` : `${paths.length} sources`;
  return core.jobs.create(IMPORT_JOB, `Import ${what} into ${dataset.name}`, params, dataset.id);
}

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

function sameImport(a: ImportParams, b: ImportParams): boolean {
  return a.datasetId === b.datasetId && a.copy === b.copy && a.watch === b.watch && a.paths.length === b.paths.length && a.paths.every((p, i) => p === b.paths[i]);
}

/** An import of exactly these sources still to finish (one a crash or a quit interrupted, re-queued at start). */
function unfinishedImport(core: CoreContext, params: ImportParams): number | null {
  const rows = core.db
    .prepare(`SELECT id, params FROM jobs WHERE kind = ? AND dataset_id = ? AND status IN ('queued','running','interrupted') ORDER BY id`)
    .all(IMPORT_JOB, params.datasetId) as { id: number; params: string }[];
  return rows.find((r) => sameImport(JSON.parse(r.params) as ImportParams, params))?.id ?? null;
}

/** Queues an import job (what 'import.start' does; hosts call it directly, e.g. after browser uploads). Starting an
 * import identical to one still to finish returns that job: running the same import again continues it where it
 * stopped, where a second job would go over every file again (and, for copies and archives, copy each one again
 * only to find it a duplicate). */
export function startImport(core: CoreContext, input: StartImportInput): Job {
  const dataset = core.datasets.get(input.datasetId);
  if (!input.paths.length) throw new AppError('INVALID_INPUT', 'Give at least one path to import.');
  const paths = input.paths.map((p) => resolve(p));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) {
    throw new AppError('NOT_FOUND', `Nothing to import at ${missing.map((p) => `"${p}"`).join(', ')}: no such file or folder.`, { paths: missing });
  }
  const params: ImportParams = { datasetId: dataset.id, paths, copy: input.copy ?? false, watch: input.watch ?? true };
  const unfinished = unfinishedImport(core, params);
  if (unfinished !== null) return core.jobs.get(unfinished);
  const what = paths.length === 1 ? `"${paths[0]!.split(/[\\/]/).pop()}"` : `${paths.length} sources`;
  return core.jobs.create(IMPORT_JOB, `Import ${what} into ${dataset.name}`, params, dataset.id);
}

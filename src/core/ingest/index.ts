import type { CoreContext } from '../app/context';
import { dropSettledEntries } from './entries';
import { IMPORT_JOB, importJobKind } from './import-job';
import { IngestService } from './service';

export { ingestMigrations } from './migrations';
export { ingestHandlers } from './handlers';
export { startImport, type StartImportInput } from './start';
export { IMPORT_JOB, type ImportParams } from './import-job';
export type { ImportSummary } from './entries';
export { ingestParallelism } from './service';

const services = new WeakMap<CoreContext['db'], IngestService>();

function service(core: CoreContext): IngestService {
  const svc = services.get(core.db);
  if (!svc) throw new Error('registerIngestJobs(core) must run first.');
  return svc;
}

/** Registers the import job kind and the shared ingest service (worker pool, folder watchers) of a core. */
export function registerIngestJobs(core: CoreContext): void {
  const svc = new IngestService(core);
  services.set(core.db, svc);
  dropSettledEntries(core.db);
  core.jobs.register(importJobKind(svc));
  core.bus.subscribe('dataset.changed', (e) => {
    if (e.change === 'deleted') void svc.watchers.unwatchDataset(e.datasetId);
  });
  core.onClose(() => svc.close());
}

/** Long-lived hosts keep linked folders in sync: starts a watcher on every watched root (reconciling what changed
 * while closed), except roots whose dataset has an import still to finish: that import starts them when done. */
export function startWatching(core: CoreContext): void {
  const svc = service(core);
  svc.watching = true;
  const roots = core.db
    .prepare(`SELECT r.id FROM dataset_roots r WHERE r.mode = 'linked' AND r.watch = 1 AND NOT EXISTS (
        SELECT 1 FROM jobs j WHERE j.dataset_id = r.dataset_id AND j.kind = ? AND j.status IN ('queued','running','interrupted'))`)
    .pluck()
    .all(IMPORT_JOB) as number[];
  for (const id of roots) svc.watchers.watchRoot(id);
}

/** Roots with a live watcher (for tests and diagnostics). */
export function watchedRoots(core: CoreContext): number[] {
  return service(core).watchers.watchedRoots();
}

/** Resolves when the watchers started so far have scanned their folders (changes from then on are seen). */
export function watchersReady(core: CoreContext): Promise<void> {
  return service(core).watchers.ready();
}

import type { CoreContext } from '../app/context';
import { kohyaExportJob } from './kohya-job';

export { exportHandlers } from './handlers';
export { EXPORT_JOB, type KohyaExportParams } from './kohya-job';
export { captionLine, planKohyaExport, conceptNameFrom, conceptNameProblem, type ExportItem, type KohyaPlan } from './kohya-plan';
export { readExportItems } from './export-items';
export { kohyaLayout, SDSCRIPTS_TOML, MUSUBI_TOML, type KohyaLayout } from './kohya-layout';
export { EXPORT_MARKER } from './stage';
// Dataset TOML writers and validators, shared with training (which writes its runs' dataset configs with them).
export * from './dataset-toml';

export function registerExportJobs(core: CoreContext): void {
  core.jobs.register(kohyaExportJob(core));
}

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type { CoreContext, HandlerSet } from '../app/context';
import { EXPORT_JOB, exportConflicts, type KohyaExportParams } from './kohya-job';
import { kohyaLayout } from './kohya-layout';
import { conceptNameFrom, conceptNameProblem } from './kohya-plan';

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function exportHandlers(core: CoreContext): HandlerSet<'export.kohya'> {
  return {
    'export.kohya': ({ datasetId, outDir, repeats, name }) => {
      const dataset = core.datasets.get(datasetId);
      if (name !== undefined) {
        const problem = conceptNameProblem(name);
        if (problem) throw new AppError('INVALID_INPUT', `"${name}" cannot be a concept folder name. ${problem}`);
      }
      const concept = name ?? conceptNameFrom(dataset.name);
      const out = resolve(outDir);
      if (existsSync(out) && !statSync(out).isDirectory()) throw new AppError('INVALID_INPUT', `${out} is a file; choose a folder to export to.`);
      // A watched source folder would import the copies back into the dataset.
      const root = dataset.roots.find((r) => isInside(out, r.path));
      if (root) {
        throw new AppError('CONFLICT', `${out} lies inside the dataset's source folder ${root.path}; choose an export folder outside it.`);
      }
      const conflicts = exportConflicts(kohyaLayout(out, repeats, concept, dataset.kind === 'control-pair', 0));
      if (conflicts.length) throw new AppError('CONFLICT', conflicts.join(' '));
      const params: KohyaExportParams = { datasetId, outDir: out, repeats, name: concept };
      const job = core.jobs.create(EXPORT_JOB, `Export "${dataset.name}" for kohya`, params, datasetId);
      return { jobId: job.id };
    },
  };
}

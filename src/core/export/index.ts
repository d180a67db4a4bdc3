// Placeholder wiring, replaced by the export implementation.
import { AppError } from '../../shared/errors';
import type { CoreContext, HandlerSet } from '../app/context';

export function registerExportJobs(_core: CoreContext): void {}
export function exportHandlers(_core: CoreContext): HandlerSet<'export.kohya'> {
  return {
    'export.kohya': () => {
      throw new AppError('UNSUPPORTED', 'Export is not implemented yet.');
    },
  };
}

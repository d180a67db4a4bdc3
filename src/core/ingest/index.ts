// Placeholder wiring, replaced by the ingest implementation.
import { AppError } from '../../shared/errors';
import type { CoreContext, HandlerSet } from '../app/context';
import type { Migration } from '../store';

export const ingestMigrations: Migration[] = [];
export function registerIngestJobs(_core: CoreContext): void {}
export function ingestHandlers(_core: CoreContext): HandlerSet<'import.start'> {
  return {
    'import.start': () => {
      throw new AppError('UNSUPPORTED', 'Import is not implemented yet.');
    },
  };
}

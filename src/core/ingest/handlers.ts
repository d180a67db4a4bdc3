import type { CoreContext, HandlerSet } from '../app/context';
import { startImport } from './start';

export function ingestHandlers(core: CoreContext): HandlerSet<'import.start'> {
  return {
    'import.start': (input) => ({ jobId: startImport(core, input).id }),
  };
}

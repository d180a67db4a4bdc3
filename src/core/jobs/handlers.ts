import type { CoreContext, HandlerSet } from '../app/context';

export function jobHandlers(core: CoreContext): HandlerSet<'jobs.list' | 'jobs.get' | 'jobs.cancel' | 'jobs.errors'> {
  const { jobs } = core;
  return {
    'jobs.list': (opts) => jobs.list(opts),
    'jobs.get': ({ jobId }) => jobs.get(jobId),
    'jobs.cancel': ({ jobId }) => jobs.cancel(jobId),
    'jobs.errors': ({ jobId, offset, limit }) => jobs.errors(jobId, offset, limit),
  };
}

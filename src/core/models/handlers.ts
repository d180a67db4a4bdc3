import type { CoreContext, HandlerSet } from '../app/context';
import { probeProviders } from '../inference';
import { modelDownloadJob } from './download-job';
import { ModelManager } from './manager';

type ModelMethods = 'models.catalog' | 'models.list' | 'models.download' | 'models.delete' | 'models.addLocal' | 'models.providers';

export function registerModelJobs(core: CoreContext): void {
  core.jobs.register(modelDownloadJob(core));
}

export function modelHandlers(core: CoreContext): HandlerSet<ModelMethods> {
  // Created on first call: reading the catalog is not worth doing for hosts that never ask about models.
  let manager: ModelManager | null = null;
  const models = () => (manager ??= new ModelManager(core));
  return {
    'models.catalog': () => models().catalogModels(),
    'models.list': () => models().list(),
    'models.download': ({ id }) => models().download(id),
    'models.delete': ({ id }) => models().delete(id),
    'models.addLocal': ({ path, name }) => models().addLocal(path, name),
    'models.providers': ({ refresh }) => probeProviders(refresh),
  };
}

import type { CoreContext } from '../app/context';
import { runInstall, TrainingSettings, type InstallJobParams, type InstallJobState } from './engines-setup';

export const INSTALL_JOB = 'training.install';

/** The engine install job; when it succeeds the engine's settings point at the new checkout and its venv. */
export function registerTrainingJobs(core: CoreContext): void {
  const settings = new TrainingSettings(core.db);
  core.jobs.register<InstallJobParams, InstallJobState>({
    kind: INSTALL_JOB,
    unit: 'steps',
    run: (ctx) => runInstall(ctx, (r) => settings.setEngine(r.engine, { path: r.path, python: null })),
  });
}

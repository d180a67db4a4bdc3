import type { Migration } from '../store';
import { engineSetupMigrations } from './engines-setup';
import { supervisorMigrations } from './supervisor';

export const trainingMigrations: Migration[] = [...engineSetupMigrations, ...supervisorMigrations];
export { trainingHandlers, type TrainingOptions, type TrainingMethod } from './handlers';
export { registerTrainingJobs, INSTALL_JOB } from './jobs';

export { engineSetupMigrations } from './migrations';
export { TrainingSettings, enginePython, venvPython, accelerateFor, type EngineSettings, type ModelPaths } from './settings';
export { runDoctor, type DoctorInput } from './doctor';
export { doctorChecks, type DoctorFacts, type ModelFile } from './doctor-checks';
export { installPlan, runInstall, findUv, type InstallCommand, type InstallPlanOptions, type InstallJobParams, type InstallJobState } from './install';
export { parseNvidiaSmi, type GpuInfo } from './nvidia-smi';
export { parseProbe, pythonInRange } from './probe';
export { engineEnv, envValue, stepVariables, SCRUBBED_ENV } from './process-env';

export { Supervisor, type SupervisorOptions } from './supervisor';
export { supervisorMigrations } from './migrations';
export type { RunPlan, RunStep, RunStepKind, TrainOutputs } from './types';
export { classifyFailure, type ClassifiedError, type ExitInfo } from './classify';
export { parseTqdm, parseTrainingProgress, parsePostfix, parseInterval, type TqdmProgress } from './tqdm';
export { LineSplitter, consoleLines, stripAnsi } from './lines';
export { parseOutputName, parseSampleName, checkpointCounters, type ParsedArtifact, type ArtifactKind } from './names';
export { decideOffset, absoluteStep, absoluteEpoch, absoluteProgressStep, resumeArgv, getFlag, setFlag, removeFlag, hasFlag, type SegmentCounters, type ResumeLaunch } from './accounting';
export { groupAlive } from './process-group';

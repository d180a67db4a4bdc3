export { JobManager, type JobContext, type JobKind } from './manager';
export { estimateRate, pushSample, type RateSample, type RateEstimate } from './rate';
export { jobHandlers } from './handlers';

export { WorkerPool, WorkerTaskError, type WorkerPoolOptions, type RunOptions } from './pool';
export { serveWorker, Transfer } from './serve';

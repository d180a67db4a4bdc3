import { availableParallelism } from 'node:os';
import type { ProviderRequest } from '../../shared/contract';
import { workerScript } from '../util/package-root';
import { WorkerPool } from '../workers';
import type { PipelineStages } from './pipeline';
import type { Prepared } from './preprocess';
import type { PreprocessRecipe } from './preprocess-config';
import type { InferenceRequest, OpenedModel } from './tagger-inference.worker';

/** One picture for the preprocessing pool: WD-style at `size`, or by a model's own recipe in its layout. */
export interface PrepareTask {
  path: string;
  size: number;
  recipe?: { recipe: PreprocessRecipe; layout: 'NCHW' | 'NHWC' };
}

export interface EngineOptions {
  provider: ProviderRequest;
  /** Preprocessing worker threads (default: one per core). */
  prepWorkers?: number;
  /** onnxruntime intra-op threads (default: its own choice). */
  threads?: number;
  /** The model's own preprocessing (non-WD models); WD's recipe otherwise. */
  recipe?: PreprocessRecipe;
}

/** A model opened in its inference worker plus a pool of preprocessing workers: the two stages of a run. */
export interface TaggerEngine extends PipelineStages {
  model: OpenedModel;
  prepWorkers: number;
  close(): Promise<void>;
}

export async function startEngine(modelPath: string, opts: EngineOptions): Promise<TaggerEngine> {
  const inference = new WorkerPool<InferenceRequest, OpenedModel | Float32Array>(workerScript('tagger-inference'), {
    size: 1,
    // The next batch waits inside the worker, not on this thread, while the current one runs.
    tasksPerWorker: 2,
    idleTimeoutMs: 0,
  });
  const prepWorkers = Math.max(1, opts.prepWorkers ?? availableParallelism());
  const prep = new WorkerPool<PrepareTask, Prepared>(workerScript('tagger-preprocess'), {
    size: prepWorkers,
    // A queued picture per worker, so a worker never idles between pictures.
    tasksPerWorker: 2,
  });
  try {
    prep.warm();
    const model = (await inference.run({
      op: 'open',
      modelPath,
      provider: opts.provider,
      ...(opts.threads ? { threads: opts.threads } : {}),
      ...(opts.recipe ? { recipe: opts.recipe } : {}),
    })) as OpenedModel;
    const recipe = opts.recipe ? { recipe: opts.recipe, layout: model.layout } : undefined;
    return {
      model,
      prepWorkers,
      prepare: (path, size) => prep.run({ path, size, ...(recipe ? { recipe } : {}) }),
      infer: async (data, n) => (await inference.run({ op: 'run', data, n }, { transfer: [data.buffer as ArrayBuffer] })) as Float32Array,
      close: async () => {
        await Promise.all([inference.close(), prep.close()]);
      },
    };
  } catch (err) {
    await Promise.all([inference.close(), prep.close()]);
    throw err;
  }
}

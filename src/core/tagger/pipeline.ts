import type { Prepared } from './preprocess';

export interface PipelineItem {
  id: number;
  path: string;
}

export interface ScoredItem {
  id: number;
  probs: Float32Array;
}

export interface FailedItem {
  id: number;
  path: string;
  message: string;
}

export interface PipelineStages {
  prepare(path: string, size: number): Promise<Prepared>;
  /** Runs n pictures packed in one buffer; returns n rows of probabilities packed the same way. */
  infer(data: Float32Array, n: number): Promise<Float32Array>;
}

export interface PipelineOptions {
  size: number;
  batch: number;
  /** Pictures being prepared ahead of the batch being assembled. */
  prefetch: number;
  /** Batches handed to inference at once: the next is ready before the current finishes. */
  inflightBatches?: number;
  signal?: AbortSignal;
  /** Called in item order, once per batch. */
  onBatch(scored: ScoredItem[], failed: FailedItem[]): void | Promise<void>;
}

/**
 * Preprocessing and inference side by side: pictures are prepared `prefetch` ahead in worker threads while the
 * model runs, and the next batch is queued on the model before the current one ends, so the model never
 * waits for pictures that could have been ready. A picture that fails to prepare is reported and skipped.
 */
export async function runPipeline(items: PipelineItem[], stages: PipelineStages, opts: PipelineOptions): Promise<void> {
  const window = Math.max(opts.prefetch, opts.batch);
  const prepared: (Promise<Prepared | Error> | undefined)[] = [];
  let started = 0;
  const fill = (upTo: number): void => {
    const end = Math.min(items.length, upTo);
    for (; started < end; started++) {
      prepared[started] = stages.prepare(items[started]!.path, opts.size).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    }
  };

  const maxInflight = Math.max(1, opts.inflightBatches ?? 2);
  const inflight: Promise<void>[] = [];
  let next = 0;
  try {
    while (next < items.length) {
      if (opts.signal?.aborted) break;
      fill(next + window);
      const members: PipelineItem[] = [];
      const tensors: Float32Array[] = [];
      const failed: FailedItem[] = [];
      while (members.length < opts.batch && next < items.length) {
        fill(next + window);
        const item = items[next]!;
        const r = await prepared[next]!;
        prepared[next] = undefined;
        next++;
        if (r instanceof Error) failed.push({ id: item.id, path: item.path, message: r.message });
        else {
          members.push(item);
          tensors.push(r.data);
        }
      }
      fill(next + window);
      const batchDone = inferBatch(members, tensors, failed);
      // Handled here so that a failure while the loop is busy is not an unhandled rejection; awaited below.
      batchDone.catch(() => undefined);
      inflight.push(batchDone);
      if (inflight.length >= maxInflight) await inflight.shift();
    }
  } finally {
    // Results are delivered in order even when a later batch fails.
    const rest = await Promise.allSettled(inflight);
    const bad = rest.find((r) => r.status === 'rejected');
    if (bad) throw (bad as PromiseRejectedResult).reason;
  }

  function inferBatch(members: PipelineItem[], tensors: Float32Array[], failed: FailedItem[]): Promise<void> {
    const before = inflight[inflight.length - 1] ?? Promise.resolve();
    if (!members.length) return before.then(() => opts.onBatch([], failed));
    const per = tensors[0]!.length;
    let data = tensors[0]!;
    if (tensors.length > 1) {
      data = new Float32Array(per * tensors.length);
      tensors.forEach((t, i) => data.set(t, i * per));
    }
    const run = stages.infer(data, members.length);
    return Promise.all([run, before]).then(([out]) => {
      const rows = out.length / members.length;
      const scored = members.map((m, i) => ({ id: m.id, probs: out.subarray(i * rows, (i + 1) * rows) }));
      return opts.onBatch(scored, failed);
    });
  }
}

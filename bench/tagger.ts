// Tagger throughput benchmark. On a folder of large pictures (make them with
// `/usr/bin/python3 ../shared/reference/make_bench_images.py ../shared/fixtures/images DIR 32`), with wd-test-heavy,
// it measures in one run: (a) preprocessing alone (worker threads), (b) inference alone on the prepared tensors,
// (c) the real pipeline (both at once, as a tag job runs them). Prints images/s for each, then
// `efficiency=(a_time+b_time)/c_time` (goal >= 0.9: the pipeline adds nothing to the work it must do) and, on a
// GPU, `overlap=c_throughput/b_throughput` (goal >= 0.9: preprocessing keeps the model fed).
// Usage: npm run bench:tagger -- DIR [--model DIR] [--provider auto|cpu|cuda] [--batch N] [--prep N] [--count N]
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runPipeline, startEngine, type PipelineItem } from '../src/core/tagger';
import { providerRequests, type ProviderRequest } from '../src/shared/contract';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--')));
if (!dir) {
  console.error('Usage: npm run bench:tagger -- DIR [--model DIR] [--provider auto|cpu|cuda] [--batch N] [--prep N] [--count N]');
  process.exit(2);
}
const modelDir = resolve(arg('--model') ?? join(__dirname, '..', '..', 'shared', 'models', 'tagger-test', 'wd-test-heavy'));
const provider = (arg('--provider') ?? 'auto') as ProviderRequest;
if (!providerRequests.includes(provider)) throw new Error(`--provider must be one of ${providerRequests.join(', ')}`);
const batchArg = Number(arg('--batch') ?? 8);
const prep = arg('--prep') ? Number(arg('--prep')) : undefined;
const files = readdirSync(dir)
  .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
  .sort()
  .slice(0, Number(arg('--count') ?? Infinity))
  .map((f) => join(resolve(dir), f));
if (!files.length) throw new Error(`No pictures in ${dir}.`);

async function main(): Promise<void> {
  // Read every file once so that no stage pays for the disk and the others not.
  for (const f of files) readFileSync(f);
  const engine = await startEngine(modelDir, { provider, ...(prep ? { prepWorkers: prep } : {}) });
  const m = engine.model;
  const batch = m.batch === 'dynamic' ? batchArg : m.batch;
  const size = m.inputSize;
  console.log(`pictures=${files.length} model=${modelDir} provider=${m.provider}${m.fallbackReason ? ` (fallback: ${m.fallbackReason})` : ''} batch=${batch} prep_workers=${engine.prepWorkers}`);
  try {
    // Warm-up: first runs allocate (onnxruntime arenas, worker start-up); not what is being measured.
    const warm = await engine.prepare(files[0]!, size);
    await engine.infer(warm.data, 1);

    // (a) preprocessing alone, every picture handed to the pool at once
    let t0 = performance.now();
    const tensors = await Promise.all(files.map((f) => engine.prepare(f, size)));
    const a = (performance.now() - t0) / 1000;
    console.log(`(a) preprocessing alone   ${(files.length / a).toFixed(2).padStart(8)} images/s  ${a.toFixed(2)} s`);

    // (b) inference alone on the prepared tensors, batches queued like the pipeline queues them
    const per = size * size * 3;
    const batches: Float32Array[] = [];
    for (let i = 0; i < tensors.length; i += batch) {
      const group = tensors.slice(i, i + batch);
      const data = new Float32Array(per * group.length);
      group.forEach((t, k) => data.set(t.data, k * per));
      batches.push(data);
    }
    t0 = performance.now();
    const pending: Promise<Float32Array>[] = [];
    for (const data of batches) {
      pending.push(engine.infer(data, data.length / per));
      if (pending.length >= 2) await pending.shift();
    }
    await Promise.all(pending);
    const b = (performance.now() - t0) / 1000;
    console.log(`(b) inference alone       ${(files.length / b).toFixed(2).padStart(8)} images/s  ${b.toFixed(2)} s`);

    // (c) the real pipeline
    const items: PipelineItem[] = files.map((path, id) => ({ id: id + 1, path }));
    let scored = 0;
    t0 = performance.now();
    await runPipeline(items, engine, {
      size,
      batch,
      prefetch: Math.max(2 * batch, 2 * engine.prepWorkers),
      onBatch: (s, failed) => {
        scored += s.length;
        if (failed.length) throw new Error(`${failed.length} pictures failed: ${failed[0]!.message}`);
      },
    });
    const c = (performance.now() - t0) / 1000;
    if (scored !== files.length) throw new Error(`the pipeline scored ${scored} of ${files.length} pictures`);
    console.log(`(c) pipeline              ${(files.length / c).toFixed(2).padStart(8)} images/s  ${c.toFixed(2)} s`);
    // The ratio lines come last: efficiency, then overlap where a GPU ran the model.
    console.log(`efficiency=${((a + b) / c).toFixed(3)}`);
    if (m.provider !== 'cpu') console.log(`overlap=${(files.length / c / (files.length / b)).toFixed(3)}`);
  } finally {
    await engine.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

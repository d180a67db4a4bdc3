// Ingest benchmark: imports DIR (linked, unwatched) into a fresh data dir and, in the same run, the Pillow reference
// (../shared/reference/ingest_pillow.py: hash + medium + preview per picture, one process per core) on the same folder.
// Usage (after `npm run build`): npm run bench:ingest -- DIR [--skip-pillow] [--keep]
// Reports Atelier's throughput, the time to the first rendition event, peak RSS of this (host) process, Pillow's
// throughput and, as the last line, ratio=<atelier/pillow>.
// Large camera-like JPEGs: /usr/bin/python3 ../shared/reference/make_bench_images.py ../shared/fixtures/images OUT 200
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createAtelier } from '../src/core/app';
import { ingestParallelism, startImport, type ImportSummary } from '../src/core/ingest';
import { packageRoot } from '../src/core/util/package-root';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const dir = argv.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('Usage: npm run bench:ingest -- DIR [--skip-pillow] [--keep]');
  process.exit(2);
}
const src = resolve(dir);
const { parallel } = ingestParallelism(availableParallelism());

/** Peak resident memory of this process (worker threads included), from the kernel's high-water mark. */
function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

async function atelier(): Promise<{ perSecond: number; seconds: number; firstEventMs: number; summary: ImportSummary }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-bench-ingest-'));
  const core = createAtelier({ dataDir, host: 'headless', watch: false });
  try {
    const ds = core.datasets.create('bench', 'image');
    let firstEventMs = NaN;
    const t0 = performance.now();
    core.bus.subscribe('dataset.changed', (e) => {
      if (e.change === 'items' && e.itemIds?.length && Number.isNaN(firstEventMs)) firstEventMs = performance.now() - t0;
    });
    const job = await core.jobs.wait(startImport(core, { datasetId: ds.id, paths: [src], watch: false }).id);
    const seconds = (performance.now() - t0) / 1000;
    if (job.status !== 'done') throw new Error(`The import ended ${job.status}: ${job.error?.message ?? ''}`);
    const summary = job.result as ImportSummary;
    return { perSecond: summary.ready / seconds, seconds, firstEventMs, summary };
  } finally {
    await core.close();
    if (!flag('--keep')) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`data dir kept: ${dataDir}`);
  }
}

async function pillow(): Promise<{ images: number; failed: number; seconds: number; images_per_s: number; workers: number }> {
  const out = mkdtempSync(join(tmpdir(), 'atelier-bench-pillow-'));
  try {
    const script = resolve(packageRoot(), '../shared/reference/ingest_pillow.py');
    const { stdout } = await promisify(execFile)('/usr/bin/python3', [script, src, out], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const a = await atelier();
const s = a.summary;
console.log(
  `atelier: ${s.ready} pictures in ${a.seconds.toFixed(2)} s = ${a.perSecond.toFixed(2)} pictures/s, ${parallel} at a time` +
    ` (failed ${s.failed}, duplicates ${s.duplicates}, skipped ${s.skipped}); first rendition event after ${a.firstEventMs.toFixed(0)} ms;` +
    ` peak RSS ${peakRssMb().toFixed(0)} MB`,
);
if (flag('--skip-pillow')) process.exit(0);
const p = await pillow();
console.log(`pillow: ${p.images} pictures in ${p.seconds.toFixed(2)} s = ${p.images_per_s.toFixed(2)} pictures/s with ${p.workers} processes (failed ${p.failed})`);
console.log(`ratio=${(a.perSecond / p.images_per_s).toFixed(2)}`);

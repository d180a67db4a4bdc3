// TensorBoard event-file benchmark: the stand-in engine writes an event file of 1,000,000 scalars (three tags, one
// scalar per event, as engines log them); we parse it from scratch with CRC checks into series, then append the
// 1,000 scalars that follow and time one incremental tail poll, which must read only the appended bytes.
// Usage: npm run bench:tfevents [-- --scalars N]
// Last line: parse_ms=<full parse> tail_ms=<one poll after appending 1,000 events>   (goals: < 2000, < 20)
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventTailer, SeriesBuilder } from '../src/core/training/tfevents';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SCALARS = Number(arg('--scalars') ?? 1_000_000);
const EXTRA = 1000;
const STANDIN = resolve(import.meta.dirname, '..', 'engines', 'standin');

const work = mkdtempSync(join(tmpdir(), 'atelier-bench-tfevents-'));
try {
  const logDir = join(work, 'logs');
  const more = join(work, 'more.records');
  const t0 = performance.now();
  const file = execFileSync('python3', ['-m', 'standin.tfevents', 'bench', logDir, String(SCALARS), String(EXTRA), more], {
    cwd: STANDIN,
    encoding: 'utf8',
  }).trim();
  console.log(`stand-in wrote ${SCALARS} scalars (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - t0)} ms`);

  const series = new SeriesBuilder();
  const tailer = new EventTailer(logDir);
  const sink = (_f: string, tag: string, step: number, value: number, wall: number): void => series.add(tag, step, value, wall);

  // CPU time too: on a busy machine the wall clock also counts time spent waiting for a core.
  const cpuMs = (): number => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
  let t = performance.now();
  let c = cpuMs();
  const first = tailer.poll(sink);
  const parseMs = performance.now() - t;
  const parseCpu = cpuMs() - c;
  if (first.problems.length) throw new Error(`problems: ${JSON.stringify(first.problems)}`);
  const points = series.size;
  if (points !== SCALARS) throw new Error(`parsed ${points} scalars, expected ${SCALARS}`);
  console.log(`parsed ${first.records} records, ${points} scalars into ${series.build().length} series`);

  appendFileSync(file, readFileSync(more));
  t = performance.now();
  c = cpuMs();
  const tail = tailer.poll(sink);
  const tailMs = performance.now() - t;
  const tailCpu = cpuMs() - c;
  if (series.size !== SCALARS + EXTRA) throw new Error(`after tail: ${series.size} scalars, expected ${SCALARS + EXTRA}`);
  console.log(`tailed ${tail.records} records, ${tail.bytes} bytes`);
  console.log(`cpu: parse ${Math.round(parseCpu)} ms, tail ${tailCpu.toFixed(2)} ms`);
  console.log(`parse_ms=${Math.round(parseMs)} tail_ms=${tailMs.toFixed(2)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

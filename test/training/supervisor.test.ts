// The supervisor with real processes: the stand-in engine (engines/standin) run through the accelerate shim.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/events';
import { coreMigrations, openDb } from '../../src/core/store';
import { Supervisor, groupAlive, shimPath, supervisorMigrations } from '../../src/core/training/supervisor';
import { metricSeriesSchema, runArtifactSchema, runLogLineSchema, trainingRunSchema, type MetricPoint, type RunArtifact, type TrainingRun } from '../../src/shared/contract';
import { REPO, tmpDir } from '../helpers/tmp';
import { standinPlan, type StandinOptions } from './standin-plan';
import { openSupervisor, type Harness } from './supervisor-harness';

const open: Harness[] = [];
const children: ChildProcess[] = [];

function harness(dataDir: string, o?: Parameters<typeof openSupervisor>[1]): Harness {
  const h = openSupervisor(dataDir, o);
  open.push(h);
  return h;
}

/** Ends every engine a test left running, then closes the supervisors. */
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const h of open.splice(0)) {
    for (const r of h.sup.list()) if (r.pid) try { process.kill(-r.pid, 'SIGKILL'); } catch { /* gone */ }
    await h.close();
  }
});

async function until<T>(what: string, f: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const stepsOf = (h: Harness, id: number, tag: string): number[] => h.sup.metrics(id, { tags: [tag] })[0]?.steps ?? [];
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const name = (p: string): string => p.split(/[\\/]/).pop()!;

function plan(dir: string, o: StandinOptions = {}) {
  return standinPlan(join(dir, `run-${Math.random().toString(36).slice(2, 8)}`), o);
}

/** Another process's view of the same data folder (the CLI's `atelier train stop`): a supervisor that is never
 * started, on its own database connection. */
function elsewhere(dataDir: string): { sup: Supervisor; close(): void } {
  const db = openDb(join(dataDir, 'atelier.db'), [...coreMigrations, ...supervisorMigrations]);
  const sup = new Supervisor({ db, bus: new EventBus(), dataDir });
  return { sup, close: () => void sup.close().then(() => db.close()) };
}

const attemptDir = (dataDir: string, id: number): string => {
  const root = join(dataDir, 'runs', String(id), 'logs');
  return join(root, readdirSync(root).sort().at(-1)!);
};

describe('supervisor: running a plan', () => {
  it('caches, trains, and reports progress, metrics, checkpoints, states, samples and logs; current caches are skipped', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const runEvents: TrainingRun[] = [];
    const points: MetricPoint[] = [];
    const artifacts: RunArtifact[] = [];
    const logLines: string[] = [];
    h.bus.subscribe('training.run', (r) => runEvents.push(r));
    h.bus.subscribe('training.metrics', (m) => points.push(...m.points));
    h.bus.subscribe('training.artifact', (a) => artifacts.push(a));
    h.bus.subscribe('training.log', (l) => logLines.push(...l.lines.map((x) => x.text)));
    const p = standinPlan(join(dir, 'run'), {
      steps: 20,
      extraArgs: ['--save_every_n_steps', '5', '--save_state', '--save_every_n_epochs', '2', '--sample_every_n_epochs', '2'],
    });
    const run = h.sup.enqueue(p);
    expect(run.status).toBe('queued');
    const end = await h.sup.wait(run.id);

    expect(end.status).toBe('done');
    expect(end.error).toBeNull();
    expect(end.steps.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    // everything the contract handlers return passes the contract's schemas
    trainingRunSchema.parse(end);
    runEvents.forEach((r) => trainingRunSchema.parse(r));
    metricSeriesSchema.array().parse(h.sup.metrics(run.id, { maxPoints: 10 }));
    runArtifactSchema.array().parse(h.sup.artifacts(run.id));
    runLogLineSchema.array().parse(h.sup.logs(run.id));
    expect(end.progress).toMatchObject({ step: 20, totalSteps: 20, epoch: 4, totalEpochs: 4 });
    expect(end.progress.loss).toBeGreaterThan(0);
    // progress went up through events, and the caching steps showed their own bars
    const trainSteps = runEvents.filter((r) => r.currentStep === 'train' && r.progress.step !== null).map((r) => r.progress.step!);
    expect(trainSteps.length).toBeGreaterThan(2);
    expect(trainSteps).toEqual([...trainSteps].sort((a, b) => a - b));
    expect(runEvents.some((r) => r.currentStep === 'cache_latents' && r.progress.stepTotal === 5)).toBe(true);

    // metrics: per-step tags on the step axis, the epoch loss on the epoch axis
    const series = h.sup.metrics(run.id);
    expect(series.map((s) => [s.tag, s.axis])).toEqual([
      ['loss/average', 'step'],
      ['loss/current', 'step'],
      ['loss/epoch', 'epoch'],
      ['lr/unet', 'step'],
    ]);
    expect(stepsOf(h, run.id, 'loss/current')).toEqual(range(1, 20));
    expect(stepsOf(h, run.id, 'loss/epoch')).toEqual([1, 2, 3, 4]);
    expect(points.filter((x) => x.tag === 'loss/current').map((x) => x.step)).toEqual(range(1, 20));
    expect(h.sup.metrics(run.id, { tags: ['loss/current'], sinceStep: 15 })[0]!.steps).toEqual([16, 17, 18, 19, 20]);

    // files, with the step and epoch they were saved at (epoch: epochs completed)
    const all = h.sup.artifacts(run.id);
    const byName = new Map(all.map((a) => [name(a.path), a]));
    expect(byName.get('lora-step00000005.safetensors')).toMatchObject({ kind: 'checkpoint', step: 5, epoch: 0, final: false, exists: true });
    expect(byName.get('lora-000002.safetensors')).toMatchObject({ kind: 'checkpoint', step: 10, epoch: 2 });
    expect(byName.get('lora.safetensors')).toMatchObject({ kind: 'checkpoint', step: 20, epoch: 4, final: true });
    expect(byName.get('lora-000002-state')).toMatchObject({ kind: 'state', step: 10, epoch: 2 });
    expect(byName.get('lora-step00000015-state')).toMatchObject({ kind: 'state', step: 15, epoch: 2 });
    expect(byName.get('lora-state')).toMatchObject({ kind: 'state', step: 20, epoch: 4, final: true });
    const samples = all.filter((a) => a.kind === 'sample');
    expect(samples.map((s) => s.epoch)).toEqual([2, 4]);
    expect(new Set(artifacts.map((a) => a.path)).size).toBe(all.length);
    expect(artifacts.filter((a) => name(a.path) === 'lora-state').at(-1)).toMatchObject({ step: 20, epoch: 4 });

    // logs on disk and as events, with tqdm rewrites collapsed
    const logs = h.sup.logs(run.id).map((l) => `${l.step}: ${l.text}`);
    expect(logs).toContain('train: epoch 1/4');
    expect(logs).toContain('train: INFO     model saved.');
    expect(logs.some((l) => l.startsWith('cache_latents: INFO     cached 5 items'))).toBe(true);
    expect(logLines).toContain('INFO     model saved.');
    expect(existsSync(join(dir, 'data', 'runs', String(run.id), 'logs', '03-train', 'output.log'))).toBe(true);

    // The same cache keys again: both caching steps are skipped (and the plan's files are still written first).
    const again = standinPlan(join(dir, 'run'), { steps: 3, name: 'again' });
    rmSync(Object.keys(again.files).find((f) => f.endsWith('dataset.toml'))!);
    const r2 = await h.sup.wait(h.sup.enqueue(again).id);
    expect(r2.status).toBe('done');
    expect(r2.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'done']);
  });

  it('caches again once a cache folder was removed or evicted, and never evicts the folder of a resumable run', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const root = join(dir, 'caches');
    const cacheA = join(root, 'qwen_image', 'a');
    const a = standinPlan(join(dir, 'a'), { steps: 3, cacheDir: cacheA });
    const statuses = async (p: typeof a) => (await h.sup.wait(h.sup.enqueue(p).id)).steps.map((s) => s.status);
    expect(await statuses(a)).toEqual(['done', 'done', 'done']);
    expect(await statuses(a)).toEqual(['skipped', 'skipped', 'done']);
    // Deleted by hand: the plan's manifest is written into the folder again, but its cache files are gone, so the
    // caching steps run again (training does not fail on a missing cache file).
    rmSync(cacheA, { recursive: true });
    expect(await statuses(a)).toEqual(['done', 'done', 'done']);

    // A stopped run with a saved state keeps its folder through eviction; the others' go, and are forgotten.
    const cacheB = join(root, 'qwen_image', 'b');
    const b = h.sup.enqueue(standinPlan(join(dir, 'b'), { steps: 300, cacheDir: cacheB, env: { STANDIN_STEP_MS: '30' } }));
    await until('step 3', () => (h.sup.get(b.id).progress.step ?? 0) >= 3);
    h.sup.stop(b.id, 'graceful');
    expect((await h.sup.wait(b.id)).resumeState).not.toBeNull();
    expect(h.sup.evictCaches(root, 0)).toEqual([cacheA]);
    expect(existsSync(cacheB)).toBe(true);
    // The same files put back (b's items have a's stems): no finished step vouches for them any more.
    cpSync(cacheB, cacheA, { recursive: true });
    expect(await statuses(a)).toEqual(['done', 'done', 'done']);
    h.sup.resume(b.id);
    const resumed = await h.sup.wait(b.id);
    expect(resumed.status).toBe('done');
    expect(resumed.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'done']);
  });

  it('runs one run at a time per GPU, in queue order, and can reorder and cancel queued runs', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const a = h.sup.enqueue(plan(dir, { steps: 6, cache: false, engine: 'sd-scripts' }));
    const b = h.sup.enqueue(plan(dir, { steps: 3, cache: false, engine: 'sd-scripts' }));
    const c = h.sup.enqueue(plan(dir, { steps: 3, cache: false, engine: 'sd-scripts' }));
    const d = h.sup.enqueue(plan(dir, { steps: 6, cache: false, engine: 'sd-scripts', gpu: '1' }));
    // shares GPU 1 with d, as a set: waits for it
    const e = h.sup.enqueue(plan(dir, { steps: 3, cache: false, engine: 'sd-scripts', gpu: '2, 1' }));
    await until('a running', () => h.sup.get(a.id).status === 'running');
    expect(h.sup.get(b.id).status).toBe('queued');
    expect(h.sup.get(d.id).status).toBe('running'); // another GPU
    expect(h.sup.get(e.id).status).toBe('queued');
    const order = h.sup.reorder([c.id, b.id]).filter((r) => r.status === 'queued').map((r) => r.id);
    expect(order).toEqual([c.id, b.id, e.id]);
    expect(h.sup.cancel(b.id).status).toBe('cancelled');
    await h.sup.wait(a.id);
    const rc = await h.sup.wait(c.id);
    expect(rc.status).toBe('done');
    expect(h.sup.get(b.id).startedAt).toBeNull();
    expect(new Date(rc.startedAt!).getTime()).toBeGreaterThanOrEqual(new Date(h.sup.get(a.id).finishedAt!).getTime());
    const re = await h.sup.wait(e.id);
    expect(re.status).toBe('done');
    expect(new Date(re.startedAt!).getTime()).toBeGreaterThanOrEqual(new Date(h.sup.get(d.id).finishedAt!).getTime());
  });
});

describe('supervisor: stop and resume', () => {
  it('graceful stop saves a state; resume continues the step and epoch axes without a jump (musubi restarts its counters)', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const resets: unknown[] = [];
    h.bus.subscribe('training.metrics', (m) => m.resetAfter && resets.push(m.resetAfter));
    const p = standinPlan(join(dir, 'run'), { steps: 40, env: { STANDIN_STEP_MS: '30' }, extraArgs: ['--save_every_n_epochs', '2', '--save_state'] });
    const run = h.sup.enqueue(p);
    await until('step 12', () => (h.sup.get(run.id).progress.step ?? 0) >= 12);
    expect(h.sup.stop(run.id, 'graceful').status).toBe('stopping');
    const stopped = await h.sup.wait(run.id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.error).toBeNull();
    expect(stopped.steps.map((s) => s.status)).toEqual(['done', 'done', 'stopped']);
    const at = stopped.resumeStep!;
    expect(name(stopped.resumeState!)).toBe(`lora-step${String(at).padStart(8, '0')}-state`); // saved by the launch shim
    expect(at).toBeGreaterThanOrEqual(12);
    expect(stepsOf(h, run.id, 'loss/current').at(-1)).toBeGreaterThanOrEqual(at);

    const resumed = h.sup.resume(run.id);
    expect(resumed.status).toBe('queued');
    const done = await h.sup.wait(run.id);
    expect(done.status).toBe('done');
    expect(done.segments).toBe(2);
    expect(done.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'done']);
    expect(done.progress).toMatchObject({ step: 40, totalSteps: 40, epoch: 8, totalEpochs: 8 });
    expect(resets).toEqual([{ step: at, epoch: Math.floor(at / 5) }]);
    // one point per step, 1..40, and per epoch, 1..8: the chart continues where it stopped
    expect(stepsOf(h, run.id, 'loss/current')).toEqual(range(1, 40));
    expect(stepsOf(h, run.id, 'loss/epoch')).toEqual(range(1, 8));
    // the learned state continued too: the loss does not jump back to its start
    const loss = h.sup.metrics(run.id, { tags: ['loss/current'] })[0]!.values as number[];
    expect(Math.abs(loss[at]! - loss[at - 1]!)).toBeLessThan(0.03);
    expect(loss[at]!).toBeLessThan(loss[0]! - 0.01);
    // the resumed launch: shortened, its own output name, its files on the run's axis
    const launch = JSON.parse(readFileSync(join(dir, 'data', 'runs', String(run.id), 'logs', '04-train', 'launch.json'), 'utf8')) as { argv: string[] };
    expect(launch.argv.slice(-6)).toEqual(['--resume', stopped.resumeState, '--max_train_steps', String(40 - at), '--output_name', 'lora_r1']);
    const byName = new Map(h.sup.artifacts(run.id).map((a) => [name(a.path), a]));
    expect(byName.get('lora_r1.safetensors')).toMatchObject({ step: 40, epoch: 8, final: true, segment: 1 });
    // musubi restarted its epochs at the resume point: its epoch-2 and epoch-4 saves come 10 and 20 steps later
    const e0 = (resets[0] as { epoch: number }).epoch;
    const r1 = [...byName.values()].filter((a) => a.segment === 1 && a.kind === 'checkpoint' && !a.final).map((a) => [a.step, a.epoch]);
    expect(r1.sort((x, y) => x[0]! - y[0]!)).toEqual([
      [at + 10, e0 + 2],
      [at + 20, e0 + 4],
    ]);
    expect(h.sup.logs(run.id).some((l) => l.text.includes('[atelier] Resuming from'))).toBe(true);
  });

  it('sd-scripts: resume skips what was trained and keeps its epoch count, on the run\'s axis', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    // TF2-style tensor scalars, and flushes that leave a record cut at the end of the file for a moment
    const run = h.sup.enqueue(standinPlan(join(dir, 'run'), { engine: 'sd-scripts', steps: 30, env: { STANDIN_STEP_MS: '30', STANDIN_TB_TENSORS: '1', STANDIN_TB_SPLIT: '1' } }));
    await until('step 8', () => (h.sup.get(run.id).progress.step ?? 0) >= 8);
    h.sup.stop(run.id, 'graceful');
    const stopped = await h.sup.wait(run.id);
    const at = stopped.resumeStep!;
    expect(at % 5).not.toBe(0); // stopped inside an epoch: the interesting case
    h.sup.resume(run.id);
    const done = await h.sup.wait(run.id);
    expect(done.status).toBe('done');
    expect(done.progress).toMatchObject({ step: 30, epoch: 6, totalEpochs: 6 });
    expect(stepsOf(h, run.id, 'loss/current')).toEqual(range(1, 30));
    expect(stepsOf(h, run.id, 'loss/epoch_average')).toEqual(range(1, 6));
    const launch = JSON.parse(readFileSync(join(dir, 'data', 'runs', String(run.id), 'logs', '02-train', 'launch.json'), 'utf8')) as { argv: string[] };
    expect(launch.argv).toContain('--skip_until_initial_step');
    const final = h.sup.artifacts(run.id).find((a) => a.final && a.kind === 'checkpoint')!;
    expect(final).toMatchObject({ step: 30, epoch: 6 });
  });

  it('a graceful stop reaches an engine through the stop file alone (SIGINT ignored, as on Windows where there is none)', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const run = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 30, env: { STANDIN_FAIL: 'hang', STANDIN_STEP_MS: '30' } }));
    await until('step 6', () => (h.sup.get(run.id).progress.step ?? 0) >= 6);
    h.sup.stop(run.id, 'graceful');
    const stopped = await h.sup.wait(run.id);
    expect(stopped.status).toBe('stopped');
    const at = stopped.resumeStep!;
    expect(name(stopped.resumeState!)).toBe(`lora-step${String(at).padStart(8, '0')}-state`);
    const log = h.sup.logs(run.id).map((l) => l.text);
    expect(log).toContain(`[atelier] stopped at step ${at}.`);
    expect(log.some((l) => l.includes('sending SIGTERM'))).toBe(false);
    h.sup.resume(run.id);
    const done = await h.sup.wait(run.id);
    expect(done.status).toBe('done');
    expect(stepsOf(h, run.id, 'loss/current')).toEqual(range(1, 30));
  });

  it('a graceful stop in an epoch\'s last step saves at the next epoch\'s first, its persistent data loader worker alive', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    // 5 batches an epoch, from a persistent worker process (Atelier's default) that a SIGINT to the process group
    // would kill
    const run = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 30, env: { STANDIN_STEP_MS: '600' } }));
    await until('step 4 done', () => (h.sup.get(run.id).progress.step ?? 0) >= 4);
    h.sup.stop(run.id, 'graceful');
    const stopped = await h.sup.wait(run.id);
    const log = h.sup.logs(run.id).map((l) => l.text);
    expect(stopped.status, log.slice(-15).join('\n')).toBe('stopped');
    expect(log.some((l) => l.includes('exited unexpectedly'))).toBe(false);
    expect(log.some((l) => l.includes('step 5 ends its epoch'))).toBe(true);
    expect(name(stopped.resumeState!)).toBe('lora-step00000006-state');
    expect(log).toContain('[atelier] stopped at step 6.');
  });

  it('sends SIGINT when the engine does not stop within the timeout of being asked: a step that does not end is interrupted', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'), { interruptTimeoutMs: 300, terminateTimeoutMs: 20_000 });
    // Step 3 does not end: the stop file would be read at its end.
    const run = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 30, env: { STANDIN_FAIL: 'stall@3' } }));
    await until('stuck', () => stepsOf(h, run.id, 'loss/current').length >= 2);
    h.sup.stop(run.id, 'graceful');
    const t0 = Date.now();
    const end = await h.sup.wait(run.id);
    expect(end.status).toBe('stopped');
    expect(Date.now() - t0).toBeLessThan(10_000);
    const log = h.sup.logs(run.id).map((l) => l.text);
    expect(log.filter((l) => l.includes('sending SIGINT'))).toHaveLength(1);
    expect(log.some((l) => l.includes('sending SIGTERM'))).toBe(false);
    expect(log.some((l) => l.includes('KeyboardInterrupt'))).toBe(true);
  });

  it('escalates a stop asked for by another process: a stuck engine that ignores SIGINT and SIGTERM is killed with its whole tree', async () => {
    const dir = tmpDir();
    const data = join(dir, 'data');
    const h = harness(data, { interruptTimeoutMs: 300, terminateTimeoutMs: 300 });
    // stuck in step 8: no step ends, so the launch shim never gets to act on the stop file either
    const run = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 2000, env: { STANDIN_FAIL: 'stubborn@8' } }));
    await until('stuck', () => stepsOf(h, run.id, 'loss/current').length >= 7);
    const pgid = h.sup.get(run.id).pid!;
    // `atelier train stop`: asks (the stop file, SIGINT) and exits; the supervisor watching the run does the rest
    const cli = elsewhere(data);
    expect(cli.sup.stop(run.id, 'graceful').status).toBe('stopping');
    cli.close();
    expect(readFileSync(join(attemptDir(data, run.id), 'stop'), 'utf8')).toBe('save');
    const end = await h.sup.wait(run.id);
    expect(end.status).toBe('stopped');
    expect(groupAlive(pgid)).toBe(false); // nothing of the tree is left
    // it never got to save: it was killed, not interrupted
    expect(h.sup.artifacts(run.id).filter((a) => a.kind === 'state')).toEqual([]);
    const log = h.sup.logs(run.id).map((l) => l.text);
    expect(log.filter((l) => l.includes('sending SIGINT'))).toHaveLength(1);
    expect(log.filter((l) => l.includes('sending SIGTERM'))).toHaveLength(1);
    expect(log.filter((l) => l.includes('killing its process tree'))).toHaveLength(1);

    const k = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 2000, env: { STANDIN_FAIL: 'stubborn@8' } }));
    await until('training', () => (h.sup.get(k.id).progress.step ?? 0) >= 1);
    const t0 = Date.now();
    const other = elsewhere(data);
    other.sup.stop(k.id, 'kill');
    other.close();
    expect((await h.sup.wait(k.id)).status).toBe('stopped');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('"save and stop" from another process waits for the next scheduled state save, then stops without saving again', async () => {
    const dir = tmpDir();
    const data = join(dir, 'data');
    const h = harness(data);
    const run = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 60, env: { STANDIN_STEP_MS: '30' }, extraArgs: ['--save_every_n_steps', '8', '--save_state'] }));
    await until('step 2', () => (h.sup.get(run.id).progress.step ?? 0) >= 2);
    const asked = h.sup.get(run.id).progress.step!;
    expect(asked).toBeLessThan(8);
    const cli = elsewhere(data);
    cli.sup.stop(run.id, 'save');
    cli.close();
    expect(existsSync(join(attemptDir(data, run.id), 'stop'))).toBe(false); // nothing sent yet
    const end = await h.sup.wait(run.id);
    expect(end.status).toBe('stopped');
    expect(stepsOf(h, run.id, 'loss/current').at(-1)).toBeGreaterThanOrEqual(8);
    // the scheduled state is the one kept: the engine was told to stop without another
    expect(h.sup.artifacts(run.id).filter((a) => a.kind === 'state').map((a) => name(a.path))).toEqual(['lora-step00000008-state']);
    expect(readFileSync(join(attemptDir(data, run.id), 'stop'), 'utf8')).toBe('exit');
    expect(end.resumeStep).toBe(8);
  });

  it('"save and stop" without a save schedule saves the state at the next step', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const run = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 60, env: { STANDIN_STEP_MS: '30' } }));
    await until('step 3', () => (h.sup.get(run.id).progress.step ?? 0) >= 3);
    h.sup.stop(run.id, 'save');
    const end = await h.sup.wait(run.id);
    expect(end.status).toBe('stopped');
    expect(end.resumeStep).toBeGreaterThanOrEqual(3);
    expect(name(end.resumeState!)).toBe(`lora-step${String(end.resumeStep).padStart(8, '0')}-state`);
  });

  it('says why a command could not be started: not found, not executable, no interpreter; gone since queued', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const plain = join(dir, 'plain-file');
    writeFileSync(plain, 'not a program');
    chmodSync(plain, 0o644);
    const orphan = join(dir, 'venv-python');
    writeFileSync(orphan, '#!/no/such/base/python3\n');
    chmodSync(orphan, 0o755);
    const cases: [string, string, { kind: string; title: string | RegExp }, string][] = [
      ['bare', 'atelier-no-such-python', { kind: 'missing_file', title: 'atelier-no-such-python was not found' }, 'ENOENT'],
      ['plain', plain, { kind: 'launch', title: `${plain} is not executable` }, 'EACCES'],
      ['orphan', orphan, { kind: 'launch', title: `${orphan} exists but could not be started` }, 'ENOENT'],
      ['gone', join(dir, 'no-such-venv', 'bin', 'python'), { kind: 'preflight', title: /^Pre-flight check failed/ }, 'no longer exists'],
    ];
    const ends = await Promise.all(
      cases.map(([, program], i) => {
        const p = plan(dir, { engine: 'sd-scripts', gpu: String(i) });
        p.steps[0]!.argv[0] = program;
        return h.sup.wait(h.sup.enqueue(p).id);
      }),
    );
    cases.forEach(([what, , error, inMessage], i) => {
      expect(ends[i]!.status, what).toBe('failed');
      expect(ends[i]!.error, what).toMatchObject({ kind: error.kind, title: error.title instanceof RegExp ? expect.stringMatching(error.title) : error.title });
      expect(ends[i]!.error!.message, what).toContain(inMessage);
      if (error.kind !== 'preflight') expect(ends[i]!.error!.fix, what).toContain('Training → Engines and models → Engines');
    });
  });

  it('runs a queued plan through this Atelier\'s launch shim, whatever shim path the plan was stored with', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    // Planned by an Atelier mounted where nothing is now (an AppImage mounts at a new path at each start)
    const p = plan(dir, { engine: 'sd-scripts', steps: 3 });
    const gone = join(dir, 'mount-gone', 'engines', 'shims', 'atelier_launch.py');
    const train = p.steps.at(-1)!;
    train.argv = train.argv.map((a) => (a.endsWith('atelier_launch.py') ? gone : a));
    const end = await h.sup.wait(h.sup.enqueue(p).id);
    expect(end.status, JSON.stringify(end.error)).toBe('done');
    const launch = JSON.parse(readFileSync(join(attemptDir(join(dir, 'data'), end.id), 'launch.json'), 'utf8')) as { argv: string[] };
    expect(launch.argv).toContain(shimPath(REPO));
    expect(launch.argv).not.toContain(gone);
  });

  it('does not launch anything until started', async () => {
    const dir = tmpDir();
    const db = openDb(join(dir, 'atelier.db'), [...coreMigrations, ...supervisorMigrations]);
    const idle = new Supervisor({ db, bus: new EventBus(), dataDir: dir });
    const run = idle.enqueue(plan(dir, { engine: 'sd-scripts' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(idle.get(run.id).status).toBe('queued');
    expect(existsSync(join(dir, 'runs'))).toBe(false);
    await idle.close();
    db.close();
  });

  it('starts a run that failed before training over, once the cause is fixed', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const p = standinPlan(join(dir, 'run'), { steps: 3 });
    const vae = join(dir, 'run', 'models', 'vae.safetensors');
    rmSync(vae);
    const failed = await h.sup.wait(h.sup.enqueue(p).id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ kind: 'preflight', message: expect.stringContaining(vae) });
    expect(failed.steps.map((s) => s.status)).toEqual(['failed', 'pending', 'pending']);
    writeFileSync(vae, 'x');
    h.sup.resume(failed.id);
    const done = await h.sup.wait(failed.id);
    expect(done.status).toBe('done');
    expect(done.segments).toBe(1);
  });

  it('refuses to resume a run without a saved state, with the fix', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const run = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 2, env: { STANDIN_FAIL: 'crash@1' } }));
    expect((await h.sup.wait(run.id)).status).toBe('failed');
    expect(() => h.sup.resume(run.id)).toThrow(/no saved state.*Save state/);
  });
});

describe('supervisor: error classes', () => {
  it('recognises each failure and auto-stops a NaN loss', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    const cases: [string, StandinOptions, string][] = [
      ['oom', { env: { STANDIN_FAIL: 'oom@3' } }, 'cuda_oom'],
      ['module', { env: { STANDIN_FAIL: 'module:atelier_missing_pkg' } }, 'missing_module'],
      ['encoding', { env: { STANDIN_FAIL: 'encoding' } }, 'encoding'],
      // A file the engine reads that Atelier does not check (a model path it knows fails at pre-flight, below).
      ['model', { extraArgs: ['--network_weights', join(dir, 'missing', 'qwen_image_bf16.safetensors')] }, 'missing_file'],
      ['preflight', { missingModel: true }, 'preflight'],
      ['nan', { steps: 2000, env: { STANDIN_FAIL: 'nan@4' } }, 'nan_loss'],
      ['killed', { env: { STANDIN_FAIL: 'killed@3' } }, 'ram_oom'],
      ['crash', { env: { STANDIN_FAIL: 'crash@2' } }, 'crash'],
      ['flag', { extraArgs: ['--not_a_real_flag', '1'] }, 'bad_arguments'],
    ];
    // sd-scripts: no caching steps to get through first; one GPU each, so they run side by side
    const runs = cases.map(([, o], i) => h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 10, ...o, gpu: String(i) })));
    const ends = await Promise.all(runs.map((r) => h.sup.wait(r.id)));
    const got = Object.fromEntries(cases.map(([k], i) => [k, ends[i]!]));
    for (const [k, , kind] of cases) {
      expect(got[k]!.status, k).toBe('failed');
      expect(got[k]!.error?.kind, `${k}: ${JSON.stringify(got[k]!.error)}`).toBe(kind);
      expect(got[k]!.error?.fix.length).toBeGreaterThan(20);
    }
    expect(got.module!.error!.title).toContain('atelier_missing_pkg');
    expect(got.model!.error!.title).toMatch(/^Model file not found: .*qwen_image_bf16\.safetensors$/);
    expect(got.crash!.error!.message).toBe('RuntimeError: CUDA error: an illegal memory access was encountered');
    // NaN: Atelier stopped it (the engine would have gone on), after saving what it could
    expect(got.nan!.stopMode).toBe('graceful');
    expect(got.nan!.progress.step!).toBeLessThan(100);
    expect(h.sup.metrics(got.nan!.id, { tags: ['loss/current'] })[0]!.values).toContain(null);
  });
});

describe('supervisor: NaN loss', () => {
  it('resumes only from a state saved before the first NaN step, and says when none is left', async () => {
    const dir = tmpDir();
    const h = harness(join(dir, 'data'));
    // a state after every step: those from the NaN step on hold the diverged weights
    const everyStep = ['--save_every_n_steps', '1', '--save_state'];
    const run = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 400, env: { STANDIN_FAIL: 'nan@5' }, extraArgs: everyStep }));
    const end = await h.sup.wait(run.id);
    expect(end.status).toBe('failed');
    expect(end.error).toMatchObject({ kind: 'nan_loss', title: 'The loss became NaN at step 5' });
    expect(end.error!.fix).toContain('Resume continues from step 4');
    expect(h.sup.artifacts(run.id).filter((a) => a.kind === 'state').map((a) => a.step)).toContain(5);
    expect(end.resumeStep).toBe(4);
    expect(name(end.resumeState!)).toBe('lora-step00000004-state');
    expect(h.sup.resume(run.id).resumeState).toBe(end.resumeState);
    h.sup.cancel(run.id);

    const first = h.sup.enqueue(plan(dir, { engine: 'sd-scripts', steps: 400, env: { STANDIN_FAIL: 'nan@1' }, extraArgs: everyStep }));
    const none = await h.sup.wait(first.id);
    expect(none.error).toMatchObject({ kind: 'nan_loss', title: 'The loss became NaN at step 1' });
    expect(none.error!.fix).toContain('cannot be resumed: start a new run');
    expect(none.resumeState).toBeNull();
    expect(() => h.sup.resume(first.id)).toThrow(/no state saved before its loss became NaN at step 1.*lower learning rate/);
  });
});

describe('supervisor: runs outlive Atelier', () => {
  let childScript = '';
  beforeAll(async () => {
    // The supervisor in a real child process: bundled once (dependencies stay in node_modules).
    const outDir = join(REPO, 'node_modules', '.cache', 'atelier-tests');
    mkdirSync(outDir, { recursive: true });
    childScript = join(outDir, 'supervisor-child.mjs');
    await build({ entryPoints: [join(REPO, 'test/training/supervisor-child.ts')], outfile: childScript, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
  });

  function startChild(dataDir: string, p: unknown): { child: ChildProcess; runId: Promise<number> } {
    const child = spawn(process.execPath, [childScript, dataDir, JSON.stringify(p)], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const runId = new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    return { child, runId };
  }

  /** Reads a run's row from the database file, as a second connection (the child holds its own). */
  function peek(dataDir: string, id: number): { status: string; progress: { step: number | null }; attempt_dir: string | null; pgid: number | null; launcher_pid: number | null } {
    const db = new Database(join(dataDir, 'atelier.db'), { readonly: true, fileMustExist: true });
    try {
      const r = db.prepare('SELECT status, progress, attempt_dir, pgid, launcher_pid FROM training_runs WHERE id = ?').get(id) as { status: string; progress: string; attempt_dir: string | null; pgid: number | null; launcher_pid: number | null };
      return { ...r, progress: JSON.parse(r.progress) as { step: number | null } };
    } finally {
      db.close();
    }
  }

  it('re-attaches to a run still going after the supervisor process was killed', async () => {
    const dir = tmpDir();
    const dataDir = join(dir, 'data');
    const { child, runId } = startChild(dataDir, standinPlan(join(dir, 'run'), { steps: 40, env: { STANDIN_STEP_MS: '40' } }));
    const id = await runId;
    await until('step 5 in the child', () => (peek(dataDir, id).progress.step ?? 0) >= 5);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const { pgid } = peek(dataDir, id);
    expect(groupAlive(pgid!)).toBe(true); // the engine lives on

    const h = harness(dataDir);
    expect(h.sup.get(id).status).toBe('running');
    const end = await h.sup.wait(id);
    expect(end.status).toBe('done');
    expect(end.progress.step).toBe(40);
    expect(stepsOf(h, id, 'loss/current')).toEqual(range(1, 40));
    expect(h.sup.logs(id).some((l) => l.text.includes('re-attached to the running engine'))).toBe(true);
    expect(h.sup.artifacts(id).some((a) => a.final && a.step === 40)).toBe(true);
  });

  it('marks a run that ended while no supervisor was running with its exit cause', async () => {
    const dir = tmpDir();
    const dataDir = join(dir, 'data');
    const { child, runId } = startChild(dataDir, standinPlan(join(dir, 'run'), { engine: 'sd-scripts', steps: 40, env: { STANDIN_FAIL: 'oom@12', STANDIN_STEP_MS: '30' } }));
    const id = await runId;
    await until('step 3 in the child', () => (peek(dataDir, id).progress.step ?? 0) >= 3);
    child.kill('SIGKILL');
    const attempt = peek(dataDir, id).attempt_dir!;
    await until('the engine to end', () => existsSync(join(attempt, 'exit.json')));

    const h = harness(dataDir);
    const run = h.sup.get(id);
    expect(run.status).toBe('failed');
    expect(run.exitCode, JSON.stringify(run.error) + JSON.stringify(h.sup.logs(id).slice(-8))).toBe(1);
    expect(run.error?.kind).toBe('cuda_oom');
    // events not yet flushed when it crashed are lost, as with a real SummaryWriter
    expect(stepsOf(h, id, 'loss/current').at(-1)).toBeGreaterThanOrEqual(8);
  });

  it('marks a run whose launcher was killed too as ended while Atelier was closed', async () => {
    const dir = tmpDir();
    const dataDir = join(dir, 'data');
    const { child, runId } = startChild(dataDir, standinPlan(join(dir, 'run'), { engine: 'sd-scripts', steps: 400 }));
    const id = await runId;
    await until('step 3 in the child', () => (peek(dataDir, id).progress.step ?? 0) >= 3);
    child.kill('SIGKILL');
    const { pgid, launcher_pid } = peek(dataDir, id);
    process.kill(launcher_pid!, 'SIGKILL');
    process.kill(-pgid!, 'SIGKILL');
    await until('the engine to end', () => !groupAlive(pgid!));
    const h = harness(dataDir);
    const run = h.sup.get(id);
    expect(run.status).toBe('failed');
    expect(run.error?.title).toBe('The engine ended while Atelier was closed');
  });
});

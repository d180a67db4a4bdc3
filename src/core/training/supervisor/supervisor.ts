import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { MetricSeries, RunArtifact, RunError, RunLogLine, RunProgress, StopMode, TrainingRun } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { EventBus } from '../../events';
import type { Db } from '../../store';
import { nowIso } from '../../store';
import { engineEnv, envValue, stepVariables } from '../engines-setup';
import { cacheFilesPresent, evictCacheFolders } from '../plan/cache-reuse';
import { prepareLaunch } from '../plan/launch';
import { SeriesBuilder, downsample } from '../tfevents';
import { absoluteEpoch, absoluteStep, resumeArgv, type SegmentCounters } from './accounting';
import { stateComplete } from './artifacts';
import { classifyFailure, classifyStartFailure, nanLossError } from './classify';
import { launch, LOG_FILE, readExit, readPid, STOP_FILE, type ExitRecord } from './launcher';
import { consoleLines } from './lines';
import { AttemptMonitor, emptyProgress, type TickResult } from './monitor';
import { gpusOverlap } from './gpus';
import { groupAlive, processAlive, processCommandLine, signalGroup } from './process-group';
import { RunRepo, type ArtifactRow, type RunRow, type SegmentRow } from './repo';
import { isShim, STOP_FILE_ENV, withStopShim, writeStopFile } from './shim';
import { dueStopAction, STAGE_AFTER, stopFileWord, type StopAction, type StopProgress } from './stop-stages';
import type { RunPlan, RunStep } from './types';

export interface SupervisorOptions {
  db: Db;
  bus: EventBus;
  dataDir: string;
  /** How often running steps are polled (output, event files, artifacts, exit). Default 500 ms. */
  pollMs?: number;
  /** After being asked to stop, how long the engine gets to save and exit before the first signal of the
   * escalation (SIGINT under the launch shim, else SIGTERM). Default 2 minutes. */
  interruptTimeoutMs?: number;
  /** After each signal of the escalation (SIGINT, SIGTERM), how long before the next. Default 15 s. */
  terminateTimeoutMs?: number;
  /** The environment engines start from (scrubbed, see engineEnv). Default process.env. */
  env?: NodeJS.ProcessEnv;
}

type StepStatus = TrainingRun['steps'][number]['status'];
interface StepState {
  name: string;
  kind: RunStep['kind'];
  status: StepStatus;
}

const ACTIVE = ['running', 'stopping'];
const RUN_EMIT_MS = 200;

/** Runs training plans one at a time per GPU: a persistent queue in SQLite, each run's steps launched detached
 * (they outlive Atelier), watched through their output and files, stopped gracefully or by force, resumed from
 * their last state with the step axis continuing, and re-attached after a restart. */
export class Supervisor {
  private readonly repo: RunRepo;
  private readonly bus: EventBus;
  private readonly dataDir: string;
  private readonly pollMs: number;
  private readonly interruptMs: number;
  private readonly terminateMs: number;
  private readonly baseEnv: NodeJS.ProcessEnv;
  private readonly monitors = new Map<number, AttemptMonitor>();
  private readonly launching = new Set<number>();
  private readonly lastEmit = new Map<number, number>();
  private readonly dirty = new Set<number>();
  private readonly waiters = new Map<number, Set<(r: TrainingRun) => void>>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(o: SupervisorOptions) {
    this.repo = new RunRepo(o.db);
    this.bus = o.bus;
    this.dataDir = o.dataDir;
    this.pollMs = o.pollMs ?? 500;
    this.interruptMs = o.interruptTimeoutMs ?? 120_000;
    this.terminateMs = o.terminateTimeoutMs ?? 15_000;
    this.baseEnv = o.env ?? process.env;
  }

  /** Re-attaches to runs that were going when Atelier stopped (or marks them ended with their exit cause), then
   * starts the queue. */
  start(): void {
    for (const row of this.repo.byStatus(...ACTIVE)) this.reattach(row);
    // Before the first pump: runs are launched only by a started supervisor (one-shot CLI reads never start it).
    this.timer = setInterval(() => this.tickAll(), this.pollMs);
    this.pump();
  }

  /** Stops watching; the engines keep running and are re-attached at the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const m of this.monitors.values()) this.repo.update(m.runId, { log_offset: m.logOffset, progress: JSON.stringify(m.progress) });
    this.monitors.clear();
    while (this.launching.size) await new Promise((r) => setTimeout(r, 20));
  }

  // ---------------------------------------------------------------- queue

  enqueue(plan: RunPlan): TrainingRun {
    validatePlan(plan);
    const id = this.repo.insertRun(plan, plan.steps.map((s): StepState => ({ name: s.name, kind: s.kind, status: 'pending' })));
    const run = this.emit(id, true);
    queueMicrotask(() => this.pump());
    return run;
  }

  get(id: number): TrainingRun {
    return this.toRun(this.row(id));
  }

  list(opts: { active?: boolean; limit?: number } = {}): TrainingRun[] {
    return this.repo.list(opts.active ?? false, opts.limit ?? 100).map((r) => this.toRun(r));
  }

  /** The plan a run was queued with (commands, env, files). */
  plan(id: number): RunPlan {
    return JSON.parse(this.row(id).plan) as RunPlan;
  }

  /** Puts queued runs in the given order, ahead of the other queued runs. */
  reorder(runIds: number[]): TrainingRun[] {
    const queued = this.repo.byStatus('queued');
    for (const id of runIds) if (!queued.some((r) => r.id === id)) throw new AppError('CONFLICT', `Run ${id} is not waiting in the queue, so it cannot be moved.`);
    const rest = queued.filter((r) => !runIds.includes(r.id)).map((r) => r.id);
    const base = queued.length ? Math.min(...queued.map((r) => r.position)) : 1;
    this.repo.setPositions([...runIds, ...rest].map((id, i) => ({ id, position: base + i })));
    for (const id of [...runIds, ...rest]) this.emit(id, true);
    return this.list({ active: true });
  }

  cancel(id: number): TrainingRun {
    const row = this.row(id);
    if (row.status === 'queued') {
      this.finish(id, 'cancelled', {});
      return this.get(id);
    }
    if (ACTIVE.includes(row.status)) return this.stop(id, 'kill', 'cancel');
    throw new AppError('CONFLICT', `Run ${id} has already ended (${row.status}).`);
  }

  /** Stops a running run. graceful: the stop file (the launch shim saves the state at the next step), then SIGINT,
   * SIGTERM, and kill the tree (stop-stages.ts); save: wait for the engine's next scheduled state save first (without a save
   * schedule, as graceful); kill: now. A queued run is cancelled. Any process may call it: the request is recorded
   * with the run, what is due now is done here, and the supervisor watching the run escalates on its ticks. */
  stop(id: number, mode: StopMode, as: 'stop' | 'cancel' | 'nan' = 'stop'): TrainingRun {
    const row = this.row(id);
    if (row.status === 'queued') return this.cancel(id);
    if (!ACTIVE.includes(row.status)) throw new AppError('CONFLICT', `Run ${id} is not running (${row.status}).`);
    const recorded = as === 'stop' ? mode : as;
    // A stop never weakens one already under way: kill wins over graceful, graceful over save.
    const rank = (m: string | null): number => (m === 'kill' || m === 'cancel' ? 3 : m === 'graceful' || m === 'nan' ? 2 : m === 'save' ? 1 : 0);
    if (rank(row.stop_mode) >= rank(recorded) && row.status === 'stopping') return this.get(id);
    // A stronger stop carries on from the stage the earlier one reached.
    const fresh = row.status !== 'stopping' ? { stop_stage: 0, stop_stage_at: null } : {};
    this.repo.update(id, { status: 'stopping', stop_mode: recorded, stop_requested_at: Date.now(), ...fresh });
    this.note(id, `Stop requested (${recorded === 'save' ? 'save and stop' : recorded}).`);
    if (this.stopProgress(this.row(id), false).waitForSave) this.note(id, 'Waiting for the engine to save its next state, then stopping.');
    this.driveStop(id, false);
    return this.emit(id, true);
  }

  /** Queues a stopped or failed run again, resuming its training from the newest complete saved state. A run that
   * stopped before training began (in a caching step) starts over: it has nothing to lose. */
  resume(id: number): TrainingRun {
    const row = this.row(id);
    if (row.status !== 'stopped' && row.status !== 'failed') throw new AppError('CONFLICT', `Run ${id} is ${row.status}; only a stopped or failed run can be resumed.`);
    const state = this.latestState(id);
    const nan = this.nanStep(id);
    if (!state && nan !== null) {
      throw new AppError(
        'CONFLICT',
        `Run ${id} has no state saved before its loss became NaN at step ${nan}: those saved later hold diverged weights. Start a new run with a lower learning rate (halve it), bf16 rather than fp16, and max_grad_norm 1.0.`,
      );
    }
    if (!state && this.repo.segments(id).length > 0) {
      throw new AppError(
        'CONFLICT',
        `Run ${id} has no saved state to resume from. Turn on "Save state" (--save_state with save every N steps/epochs) so runs can be resumed, then start it again.`,
      );
    }
    const steps = (JSON.parse(row.step_states) as StepState[]).map((s) => ({ ...s, status: 'pending' as StepStatus }));
    this.repo.update(id, {
      status: 'queued',
      position: this.repo.nextPosition(),
      step_index: 0,
      step_states: JSON.stringify(steps),
      resume_state: state?.path ?? null,
      stop_mode: null,
      stop_requested_at: null,
      stop_stage: 0,
      stop_stage_at: null,
      error: null,
      exit_code: null,
      exit_signal: null,
      finished_at: null,
    });
    const run = this.emit(id, true);
    queueMicrotask(() => this.pump());
    return run;
  }

  /** Removes the least recently used cache folders under `root` (evictCacheFolders), never those of queued, running
   * or resumable runs (a stopped or failed run with a state to resume from trains on its folder again), and forgets
   * the finished cache steps of the folders removed. Returns them. */
  evictCaches(root: string, keep?: number): string[] {
    const inUse = new Set<string>();
    for (const row of this.repo.byStatus('queued', ...ACTIVE, 'stopped', 'failed')) {
      if ((row.status === 'stopped' || row.status === 'failed') && !this.latestState(row.id)) continue;
      for (const s of (JSON.parse(row.plan) as RunPlan).steps) if (s.cacheDir) inUse.add(s.cacheDir);
    }
    const removed = evictCacheFolders(root, inUse, keep);
    this.repo.forgetCaches(removed);
    return removed;
  }

  /** Resolves when the run reaches an end state (stopped, done, failed, cancelled). */
  wait(id: number): Promise<TrainingRun> {
    const run = this.get(id);
    if (isEnded(run.status)) return Promise.resolve(run);
    return new Promise((resolve) => {
      let set = this.waiters.get(id);
      if (!set) this.waiters.set(id, (set = new Set()));
      set.add(resolve);
    });
  }

  // ---------------------------------------------------------------- reads

  /** The last `tail` console lines of a run, over all its launches, oldest first. */
  logs(id: number, tail = 2000): RunLogLine[] {
    this.row(id);
    const root = this.logsRoot(id);
    const dirs = existsSync(root) ? readdirSync(root).sort() : [];
    const out: RunLogLine[] = [];
    for (let i = dirs.length - 1; i >= 0 && out.length < tail; i--) {
      const step = dirs[i]!.replace(/^\d+-/, '');
      const lines = consoleLines(readTail(join(root, dirs[i]!, LOG_FILE), tail * 400));
      out.unshift(...lines.slice(-(tail - out.length)).map((text) => ({ step, text })));
    }
    return out;
  }

  metrics(id: number, o: { tags?: string[]; sinceStep?: number; maxPoints?: number } = {}): MetricSeries[] {
    this.row(id);
    const b = new SeriesBuilder();
    for (const p of this.repo.points(id, o.tags, o.sinceStep)) b.add(p.tag, p.step, p.value === null ? NaN : p.value, p.wall_time);
    return b.build().map((s) => {
      const d = o.maxPoints ? downsample(s, o.maxPoints) : s;
      return { tag: d.tag, axis: d.axis, group: d.group, steps: d.steps, values: d.values.map((v) => (Number.isNaN(v) ? null : v)), wallTimes: d.wallTimes };
    });
  }

  artifacts(id: number): RunArtifact[] {
    this.row(id);
    const segs = new Map(this.repo.segments(id).map((s) => [s.seq, s]));
    return this.repo.artifacts(id).map((a) => toArtifact(a, segs.get(a.seq)));
  }

  // ---------------------------------------------------------------- running

  /** Starts the queued runs whose GPUs are free, in queue order: a run waits while any of its devices is in use, or
   * is wanted by a run queued before it (so "0,1" is not starved by later runs on "1"). */
  private pump(): void {
    if (this.closed || !this.timer) return;
    const taken = [...this.repo.byStatus(...ACTIVE).map((r) => r.gpu), ...[...this.launching].map((id) => this.row(id).gpu)];
    for (const row of this.repo.byStatus('queued')) {
      const free = !taken.some((g) => gpusOverlap(g, row.gpu));
      taken.push(row.gpu);
      if (!free) continue;
      this.repo.update(row.id, { status: 'running', started_at: row.started_at ?? nowIso(), progress: row.progress });
      void this.advance(row.id);
    }
  }

  /** Runs the run's next step (skipping current caches), or ends the run after the last. */
  private async advance(id: number): Promise<void> {
    const row = this.row(id);
    const plan = JSON.parse(row.plan) as RunPlan;
    const states = JSON.parse(row.step_states) as StepState[];
    if (row.status === 'stopping') {
      // Stopped between two steps: do not start the next one.
      this.finish(id, row.stop_mode === 'cancel' ? 'cancelled' : 'stopped', {});
      return;
    }
    let i = row.step_index;
    // Atelier's own part failed (writing files, starting the launcher): the engine was never reached.
    const failStart = (at: number, err: unknown): void => {
      states[at]!.status = 'failed';
      const e = err as NodeJS.ErrnoException;
      this.finish(id, 'failed', { step_states: JSON.stringify(states), error: JSON.stringify(this.startFailure(plan.steps[at]!, e.message, e.code ?? null, true)) });
    };
    // The plan's files (dataset TOML, prompts, tracker config) before its first step, even when that is skipped.
    if (i === 0) {
      try {
        this.writeFiles(plan);
      } catch (err) {
        failStart(0, err);
        return;
      }
    }
    while (i < plan.steps.length) {
      const step = plan.steps[i]!;
      if (step.kind === 'cache' && step.cacheKey && this.cacheCurrent(step)) {
        states[i]!.status = 'skipped';
        this.note(id, `Skipping ${step.name}: the cache in ${step.cacheDir} is current.`);
        i++;
        continue;
      }
      break;
    }
    this.repo.update(id, { step_index: i, step_states: JSON.stringify(states) });
    if (i >= plan.steps.length) {
      this.finish(id, 'done', {});
      return;
    }
    // A training step runs through this Atelier's launch shim: the stored plan names the shim of the Atelier that
    // planned it, and an AppImage is mounted at a new path at each start.
    const next = plan.steps[i]!;
    if (next.kind === 'train') plan.steps[i] = { ...next, argv: withStopShim(next.argv) };
    // Pre-flight again at each launch (a model file or the engine may have moved since the run was queued), and a
    // cache step's reusable files linked in.
    const blocked = prepareLaunch(plan, plan.steps[i]!);
    if (blocked) {
      states[i]!.status = 'failed';
      this.finish(id, 'failed', { step_states: JSON.stringify(states), error: JSON.stringify(blocked) });
      return;
    }
    this.launching.add(id);
    try {
      await this.launchStep(id, plan, i, states);
    } catch (err) {
      failStart(i, err);
    } finally {
      this.launching.delete(id);
    }
  }

  private async launchStep(id: number, plan: RunPlan, index: number, states: StepState[]): Promise<void> {
    const row = this.row(id);
    const step = plan.steps[index]!;
    const seq = row.attempt_seq + 1;
    const dir = join(this.logsRoot(id), `${String(seq).padStart(2, '0')}-${step.name}`);
    mkdirSync(dir, { recursive: true });
    let argv = step.argv;
    let segment: SegmentRow | null = null;
    const progress: RunProgress = { ...emptyProgress(), ...(JSON.parse(row.progress) as Partial<RunProgress>), stepDone: null, stepTotal: null };
    if (step.kind === 'train' && step.train) {
      const segs = this.repo.segments(id);
      const segSeq = segs.length;
      segment = { run_id: id, seq: segSeq, output_name: step.train.outputName, resume_state: null, resume_step: 0, resume_epoch: 0, step_offset: null, epoch_offset: null, started_at: Date.now(), nan_step: null };
      const state = row.resume_state && segSeq > 0 ? this.stateCounters(id, row.resume_state) : null;
      if (state) {
        const r = resumeArgv(argv, { stateDir: row.resume_state!, resumeStep: state.step, resumeEpoch: state.epoch, seq: segSeq, engine: plan.engine, train: step.train, totalSteps: progress.totalSteps });
        argv = r.argv;
        segment = { ...segment, output_name: r.outputName, resume_state: row.resume_state, resume_step: state.step, resume_epoch: state.epoch };
        // The resumed launch writes the steps after the state again: drop the old ones so the chart continues cleanly.
        this.repo.prunePoints(id, state.step, state.epoch);
        this.bus.emit('training.metrics', { runId: id, points: [], resetAfter: { step: state.step, epoch: state.epoch } });
        appendFileSync(join(dir, LOG_FILE), r.notes.map((n) => `[atelier] ${n}\n`).join(''));
        Object.assign(progress, { step: state.step, epoch: state.epoch + 1 });
      }
      this.repo.insertSegment(segment);
    }
    states[index]!.status = 'running';
    // Recorded before the launch: if Atelier dies right after, the restart finds this attempt, not the last one.
    this.repo.update(id, {
      attempt_dir: dir,
      attempt_seq: seq,
      launcher_pid: null,
      pgid: null,
      log_offset: 0,
      step_index: index,
      step_states: JSON.stringify(states),
      progress: JSON.stringify(progress),
    });
    const launcherPid = await launch(dir, { argv, cwd: step.cwd, env: this.stepEnv(step, plan, id, dir) });
    this.repo.update(id, { launcher_pid: launcherPid });
    this.monitors.set(id, new AttemptMonitor(this.repo, id, step, dir, 0, segment, progress));
    this.emit(id, true);
  }

  private stepEnv(step: RunStep, plan: RunPlan, runId: number, dir: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...engineEnv(this.baseEnv), ...step.env })) if (v !== undefined) env[k] = v;
    // Always last: unbuffered UTF-8 output, the run's GPU and this launch's stop file, whatever the plan says.
    return { ...env, ...stepVariables(plan.gpu ?? '0', runId), [STOP_FILE_ENV]: join(dir, STOP_FILE) };
  }

  private writeFiles(plan: RunPlan): void {
    for (const [path, content] of Object.entries(plan.files)) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
  }

  private tickAll(): void {
    for (const m of [...this.monitors.values()]) {
      try {
        this.handleTick(m, m.tick());
      } catch (err) {
        this.note(m.runId, `Atelier could not read the run's files: ${(err as Error).message}`);
      }
    }
  }

  private handleTick(m: AttemptMonitor, t: TickResult): void {
    const id = m.runId;
    if (t.started) this.repo.update(id, { pgid: t.started.pgid });
    if (t.lines.length) this.bus.emit('training.log', { runId: id, lines: t.lines });
    if (t.points.length) this.bus.emit('training.metrics', { runId: id, points: t.points });
    if (t.artifacts.length || t.removed.length || t.updated.length) {
      const segs = new Map(this.repo.segments(id).map((s) => [s.seq, s]));
      const rows = new Map(this.repo.artifacts(id).map((a) => [a.path, a]));
      for (const path of [...t.artifacts.map((a) => a.path), ...t.updated, ...t.removed]) {
        const a = rows.get(path);
        if (a) this.bus.emit('training.artifact', toArtifact(a, segs.get(a.seq)));
      }
    }
    const row = this.row(id);
    // Whoever asked for it, and before or after the engine started: carried on here, on the clock of its stages.
    if (row.status === 'stopping') this.driveStop(id, t.stateSaved);
    if (t.nan && row.status === 'running') {
      this.note(id, 'The loss became NaN: stopping the run.');
      this.stop(id, 'graceful', 'nan');
    }
    this.repo.update(id, { log_offset: m.logOffset, progress: JSON.stringify(m.progress) });
    // Throttled; a change held back is sent by a later tick.
    if (t.progressChanged || t.lines.length) this.dirty.add(id);
    // A step's last progress goes out before the run moves on to its next step.
    if (this.dirty.has(id) && this.emit(id, t.exit !== null, true)) this.dirty.delete(id);
    if (t.exit) this.onExit(m, t.exit);
  }

  private onExit(m: AttemptMonitor, exit: ExitRecord): void {
    const id = m.runId;
    this.monitors.delete(id);
    const row = this.row(id);
    const plan = JSON.parse(row.plan) as RunPlan;
    const states = JSON.parse(row.step_states) as StepState[];
    const i = row.step_index;
    const step = plan.steps[i]!;
    const base = { exit_code: exit.code, exit_signal: exit.signal, log_offset: m.logOffset, progress: JSON.stringify(m.progress), pgid: null, launcher_pid: null };
    // A stop that came as the engine was finishing anyway: the run is done.
    const finishedAnyway = exit.code === 0 && step.kind === 'train' && i + 1 >= plan.steps.length && this.finalCheckpointExists(id, step);
    const stopMode = finishedAnyway ? null : row.stop_mode;
    if (stopMode) {
      states[i]!.status = 'stopped';
      const nanError = stopMode === 'nan' ? nanLossError(lastMatching(m.tail, /\bnan\b/i) ?? 'loss = nan', { nanStep: this.nanStep(id), resumeStep: this.latestState(id)?.step ?? null }) : null;
      this.finish(id, stopMode === 'cancel' ? 'cancelled' : stopMode === 'nan' ? 'failed' : 'stopped', {
        ...base,
        step_states: JSON.stringify(states),
        error: nanError ? JSON.stringify(nanError) : null,
      });
      return;
    }
    if (exit.code === 0 && !exit.error) {
      states[i]!.status = 'done';
      if (step.kind === 'cache' && step.cacheKey) this.repo.recordCache(step.cacheKey, step.cacheDir ?? '', id);
      this.repo.update(id, { ...base, step_states: JSON.stringify(states), step_index: i + 1 });
      if (i + 1 >= plan.steps.length) this.finish(id, 'done', {});
      else void this.advance(id);
      return;
    }
    states[i]!.status = 'failed';
    const error = exit.error ? this.startFailure(step, exit.error, exit.errorCode ?? null, false) : classifyFailure(m.tail, exit);
    this.finish(id, 'failed', { ...base, step_states: JSON.stringify(states), error: error ? JSON.stringify(error) : null });
  }

  private finish(id: number, status: TrainingRun['status'], patch: Partial<RunRow>): void {
    const state = status === 'done' ? null : this.latestState(id)?.path ?? null;
    this.repo.update(id, { ...patch, status, finished_at: nowIso(), resume_state: state ?? this.row(id).resume_state });
    const run = this.emit(id, true);
    this.waiters.get(id)?.forEach((cb) => cb(run));
    this.waiters.delete(id);
    queueMicrotask(() => this.pump());
  }

  // ---------------------------------------------------------------- stopping

  /** Carries a stop forward by what its row records (stop-stages.ts). Each stage is claimed in the database before
   * it is acted on, so that of the processes that may act on a run (the one asking, the one watching) one does. */
  private driveStop(id: number, stateSaved: boolean): void {
    for (;;) {
      const row = this.row(id);
      if (row.status !== 'stopping' || !row.attempt_dir || readExit(row.attempt_dir)) return;
      const pgid = row.pgid ?? readPid(row.attempt_dir)?.pgid ?? null;
      if (pgid === null) return; // not started yet: the watching supervisor acts once pid.json appears
      const p = this.stopProgress(row, stateSaved);
      const action = dueStopAction(p, Date.now(), this.interruptMs, this.terminateMs);
      if (!action || !this.repo.claimStopStage(id, row.stop_stage, STAGE_AFTER[action], Date.now())) return;
      this.act(row, pgid, action, p);
    }
  }

  private stopProgress(row: RunRow, stateSaved: boolean): StopProgress {
    const step = (JSON.parse(row.plan) as RunPlan).steps[row.step_index];
    const waitForSave = row.stop_mode === 'save' && step?.kind === 'train' && savesStateOnSchedule(step.argv);
    const interruptStage = process.platform !== 'win32' && step?.kind === 'train' && step.argv.some(isShim);
    return { mode: row.stop_mode ?? 'graceful', stage: row.stop_stage, stageAt: row.stop_stage_at, waitForSave, stateSaved, interruptStage };
  }

  private act(row: RunRow, pgid: number, action: StopAction, p: StopProgress): void {
    const windows = process.platform === 'win32';
    if (action === 'ask') {
      writeStopFile(join(row.attempt_dir!, STOP_FILE), stopFileWord(p));
      // Windows has no SIGINT for a process group: the file is the way
      if (!windows && !p.interruptStage) signalGroup(pgid, 'SIGINT');
      return;
    }
    if (!groupAlive(pgid)) return;
    const waited = row.stop_stage === STAGE_AFTER.interrupt ? `The engine did not stop within ${Math.round(this.terminateMs / 1000)} s of SIGINT` : `The engine did not stop within ${Math.round(this.interruptMs / 1000)} s of being asked`;
    if (action === 'interrupt' || (action === 'terminate' && !windows)) {
      const signal = action === 'interrupt' ? 'SIGINT' : 'SIGTERM';
      this.note(row.id, `${waited}: sending ${signal}.`);
      signalGroup(pgid, signal);
      return;
    }
    // Windows has no SIGTERM to wait on: there the tree is ended at the first escalation.
    if (action === 'terminate') this.note(row.id, `${waited}: ending its process tree.`);
    else if (row.stop_stage === STAGE_AFTER.terminate) this.note(row.id, 'The engine ignored SIGTERM: killing its process tree.');
    if (windows) killTreeWindows(pgid);
    else signalGroup(pgid, 'SIGKILL');
  }

  // ---------------------------------------------------------------- re-attach

  private reattach(row: RunRow): void {
    const plan = JSON.parse(row.plan) as RunPlan;
    const step = plan.steps[row.step_index];
    const dir = row.attempt_dir;
    if (!step || !dir) {
      // Marked running but never launched (Atelier stopped in between): start the step again.
      this.repo.update(row.id, { status: 'queued' });
      return;
    }
    const segs = this.repo.segments(row.id);
    const segment = step.kind === 'train' ? segs[segs.length - 1] ?? null : null;
    const progress = { ...emptyProgress(), ...(JSON.parse(row.progress) as Partial<RunProgress>) };
    const m = new AttemptMonitor(this.repo, row.id, step, dir, row.log_offset, segment, progress);
    this.monitors.set(row.id, m);
    const t = m.tick();
    if (t.exit) {
      this.handleTick(m, t);
      return;
    }
    const pid = readPid(dir);
    const launcherAlive = row.launcher_pid !== null && processAlive(row.launcher_pid) && (processCommandLine(row.launcher_pid)?.includes(dir) ?? true);
    if (launcherAlive || (pid !== null && groupAlive(pid.pgid))) {
      this.note(row.id, 'Atelier restarted: re-attached to the running engine.');
      this.handleTick(m, t);
      return;
    }
    // Nothing left running and no exit record: the launcher was killed too (or the machine restarted).
    this.handleTick(m, t);
    this.monitors.delete(row.id);
    if (!row.stop_mode && this.finalCheckpointExists(row.id, step)) {
      const states = JSON.parse(row.step_states) as StepState[];
      states[row.step_index]!.status = 'done';
      this.repo.update(row.id, { step_states: JSON.stringify(states), step_index: row.step_index + 1 });
      this.note(row.id, 'The engine finished while Atelier was closed.');
      if (row.step_index + 1 >= plan.steps.length) this.finish(row.id, 'done', {});
      else this.repo.update(row.id, { status: 'queued' });
      return;
    }
    this.onExit(m, { code: null, signal: null, error: null, endedAt: Date.now() });
    const after = this.row(row.id);
    if (after.status === 'failed' && !row.stop_mode) {
      const err = after.error ? (JSON.parse(after.error) as RunError) : null;
      const lost: RunError =
        err && err.kind !== 'crash'
          ? err
          : {
              kind: 'crash',
              cause: 'ended_while_closed',
              details: { exitLost: !err },
              title: 'The engine ended while Atelier was closed',
              message: err?.message ?? 'Its exit status was lost with the launcher.',
              fix: 'Resume the run from its last saved state; see the log for how it ended.',
            };
      this.repo.update(row.id, { error: JSON.stringify(lost) });
      this.emit(row.id, true);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The training step's final checkpoint (`<output name>.safetensors` of its last launch) is on disk. */
  private finalCheckpointExists(id: number, step: RunStep): boolean {
    const segs = this.repo.segments(id);
    const seg = segs[segs.length - 1];
    return !!step.train && !!seg && existsSync(join(step.train.outputDir, `${seg.output_name}.safetensors`));
  }

  private startFailure(step: RunStep, message: string, code: string | null, atelier: boolean): RunError {
    const program = step.argv[0]!;
    return classifyStartFailure({ step: step.name, program, cwd: step.cwd, code, message, atelier, cwdExists: existsSync(step.cwd), programExists: programFound(program, step.cwd, envValue({ ...engineEnv(this.baseEnv), ...step.env }, 'PATH') ?? '') });
  }

  private row(id: number): RunRow {
    const r = this.repo.get(id);
    if (!r) throw new AppError('NOT_FOUND', `There is no training run ${id}.`);
    return r;
  }

  private logsRoot(id: number): string {
    return join(this.dataDir, 'runs', String(id), 'logs');
  }

  /** A cache step finished with this key, and its folder still holds the files of every item it names. */
  private cacheCurrent(step: RunStep): boolean {
    return this.repo.cacheCurrent(step.cacheKey!) !== null && cacheFilesPresent(step);
  }

  /** A line in the current launch's log, marked as Atelier's. */
  private note(id: number, text: string): void {
    const dir = this.repo.get(id)?.attempt_dir;
    if (dir && existsSync(dir)) appendFileSync(join(dir, LOG_FILE), `\n[atelier] ${text}\n`);
    else this.bus.emit('training.log', { runId: id, lines: [{ step: 'atelier', text: `[atelier] ${text}` }] });
  }

  /** The newest complete state folder of a run that still exists, with its run-axis counters. States a launch saved
   * at or after its first NaN loss hold diverged weights: they are never resumed from. */
  private latestState(id: number): { path: string; step: number; epoch: number } | null {
    const segs = new Map(this.repo.segments(id).map((s) => [s.seq, s]));
    let best: { path: string; step: number; epoch: number } | null = null;
    for (const a of this.repo.artifacts(id)) {
      if (a.kind !== 'state' || !existsSync(a.path) || !stateComplete(a.path)) continue;
      const seg = segs.get(a.seq);
      const v = toArtifact(a, seg);
      const cand = { path: a.path, step: v.step ?? 0, epoch: v.epoch ?? 0 };
      if (seg?.nan_step != null && cand.step >= seg.nan_step) continue;
      if (!best || cand.step >= best.step) best = cand;
    }
    return best;
  }

  /** The first NaN step of the run's latest training launch. */
  private nanStep(id: number): number | null {
    return this.repo.segments(id).at(-1)?.nan_step ?? null;
  }

  private stateCounters(id: number, path: string): { step: number; epoch: number } {
    const a = this.repo.artifact(id, path);
    if (!a) return { step: 0, epoch: 0 };
    const v = toArtifact(a, this.repo.segments(id).find((s) => s.seq === a.seq));
    return { step: v.step ?? 0, epoch: v.epoch ?? 0 };
  }

  private emit(id: number, force: boolean): TrainingRun;
  private emit(id: number, force: boolean, report: true): boolean;
  private emit(id: number, force: boolean, report = false): TrainingRun | boolean {
    const now = Date.now();
    const due = force || now - (this.lastEmit.get(id) ?? 0) >= RUN_EMIT_MS;
    if (!due && report) return false;
    const run = this.toRun(this.row(id));
    if (due) {
      this.lastEmit.set(id, now);
      this.bus.emit('training.run', run);
    }
    return report ? true : run;
  }

  private toRun(r: RunRow): TrainingRun {
    const m = this.monitors.get(r.id);
    const steps = JSON.parse(r.step_states) as StepState[];
    const state = r.resume_state ? this.stateCounters(r.id, r.resume_state) : null;
    const stopMode = r.stop_mode === 'cancel' ? 'kill' : r.stop_mode === 'nan' ? 'graceful' : (r.stop_mode as StopMode | null);
    return {
      id: r.id,
      title: r.title,
      engine: r.engine,
      modelType: r.model_type,
      datasetId: r.dataset_id,
      gpu: r.gpu,
      status: r.status as TrainingRun['status'],
      position: r.position,
      steps,
      currentStep: ACTIVE.includes(r.status) ? steps[r.step_index]?.name ?? null : null,
      progress: m ? m.progress : { ...emptyProgress(), ...(JSON.parse(r.progress) as Partial<RunProgress>) },
      segments: this.repo.segments(r.id).length,
      stopMode,
      error: r.error ? (JSON.parse(r.error) as RunError) : null,
      exitCode: r.exit_code,
      exitSignal: r.exit_signal,
      pid: r.pgid,
      resumeState: r.resume_state,
      resumeStep: state?.step ?? null,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    };
  }
}

function isEnded(s: TrainingRun['status']): boolean {
  return s === 'stopped' || s === 'done' || s === 'failed' || s === 'cancelled';
}

function validatePlan(plan: RunPlan): void {
  if (!plan.steps.length) throw new AppError('INVALID_INPUT', 'A training plan needs at least one step.');
  const names = new Set<string>();
  for (const s of plan.steps) {
    if (!s.argv.length || !s.argv[0]) throw new AppError('INVALID_INPUT', `Step "${s.name}" has no command.`);
    if (names.has(s.name)) throw new AppError('INVALID_INPUT', `Two steps are named "${s.name}".`);
    names.add(s.name);
    if (s.kind === 'train' && !s.train) throw new AppError('INVALID_INPUT', `Training step "${s.name}" does not say where its outputs go.`);
  }
  if (plan.steps.filter((s) => s.kind === 'train').length > 1) throw new AppError('INVALID_INPUT', 'A plan has one training step.');
}

/** "Save and stop" waits for a save only when the engine saves states on a schedule. */
function savesStateOnSchedule(argv: readonly string[]): boolean {
  return argv.includes('--save_state') && argv.some((a) => a.startsWith('--save_every_n_steps') || a.startsWith('--save_every_n_epochs'));
}

function toArtifact(a: ArtifactRow, seg: SegmentRow | undefined): RunArtifact {
  const c: SegmentCounters = seg
    ? { resumeStep: seg.resume_step, resumeEpoch: seg.resume_epoch, stepOffset: seg.step_offset, epochOffset: seg.epoch_offset }
    : { resumeStep: 0, resumeEpoch: 0, stepOffset: 0, epochOffset: 0 };
  return {
    runId: a.run_id,
    path: a.path,
    kind: a.kind,
    step: a.engine_step !== null ? absoluteStep(c, a.engine_step) : a.seen_step,
    epoch: a.engine_epoch !== null ? absoluteEpoch(c, a.engine_epoch) : a.seen_epoch,
    final: a.final === 1,
    segment: a.seq,
    bytes: a.bytes,
    createdAt: a.created_at,
    exists: a.exists_now === 1,
  };
}

function lastMatching(lines: readonly string[], re: RegExp): string | undefined {
  return [...lines].reverse().find((l) => re.test(l));
}

/** The last `bytes` of a file as text ('' when absent). */
function readTail(file: string, bytes: number): string {
  if (!existsSync(file)) return '';
  const size = statSync(file).size;
  const start = Math.max(0, size - bytes);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    // drop a line cut at the start
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    closeSync(fd);
  }
}

/** Whether a command names a file: a path (relative ones from cwd), or a bare name found on PATH, as spawn finds it. */
function programFound(program: string, cwd: string, path: string): boolean {
  if (/[\\/]/.test(program)) return existsSync(resolve(cwd, program));
  const names = process.platform === 'win32' ? [program, `${program}.exe`, `${program}.cmd`] : [program];
  return path.split(delimiter).some((dir) => dir && names.some((n) => existsSync(join(dir, n))));
}

function killTreeWindows(pid: number): void {
  void import('execa').then(({ execa }) => execa('taskkill', ['/PID', String(pid), '/T', '/F'], { reject: false }));
}

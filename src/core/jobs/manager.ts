import { AppError, toAppError, type AppErrorShape } from '../../shared/errors';
import type { Job, JobFileError, JobUnit } from '../../shared/contract';
import type { Db } from '../store';
import { nowIso } from '../store';
import type { EventBus } from '../events';
import { estimateRate, pushSample, type RateSample } from './rate';

/** What a running job gets from the manager. */
export interface JobContext<P = unknown, S = unknown> {
  readonly id: number;
  readonly params: P;
  /** The job-kind's resumable state as last saved (undefined on a first run). */
  readonly state: S | undefined;
  readonly signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  saveState(state: S): void;
  fileError(path: string, code: string, message: string): void;
}

export interface JobKind<P = unknown, S = unknown> {
  kind: string;
  /** Jobs in the same lane run one at a time; different lanes run side by side. Default: the kind. */
  lane?: string;
  /** What progress(done, total) counts; the UI formats counts, rates and the end notification by it. Default: items. */
  unit?: JobUnit;
  /** Runs (or resumes, when ctx.state is set) the job; the resolved value is stored as its result. */
  run(ctx: JobContext<P, S>): Promise<unknown>;
}

interface JobRow {
  id: number;
  kind: string;
  status: Job['status'];
  title: string;
  dataset_id: number | null;
  params: string;
  state: string;
  done: number;
  total: number;
  message: string | null;
  error: string | null;
  result: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error_count: number;
}

const SELECT_JOB = `SELECT j.*, (SELECT COUNT(*) FROM job_errors e WHERE e.job_id = j.id) AS error_count FROM jobs j`;
const EMIT_INTERVAL_MS = 100;
const PERSIST_INTERVAL_MS = 500;

interface Live {
  ac: AbortController;
  samples: RateSample[];
  lastEmit: number;
  lastPersist: number;
  done: number;
  total: number;
  message: string | null;
  shutdown: boolean;
}

/** Persistent jobs: rows in SQLite, progress events, cancel, and resume after a restart or a crash. */
export class JobManager {
  private readonly kinds = new Map<string, JobKind<any, any>>();
  private readonly live = new Map<number, Live>();
  private readonly busyLanes = new Set<string>();
  private readonly waiters = new Map<number, Set<(j: Job) => void>>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {}

  register<P, S>(kind: JobKind<P, S>): void {
    this.kinds.set(kind.kind, kind as JobKind<any, any>);
  }

  /** Re-queues jobs that were running when the process stopped (crash or quit) and starts the queue. */
  start(): void {
    this.db.prepare(`UPDATE jobs SET status = 'queued' WHERE status IN ('running','interrupted')`).run();
    this.pump();
  }

  create(kind: string, title: string, params: unknown, datasetId: number | null = null): Job {
    if (!this.kinds.has(kind)) throw new AppError('INTERNAL', `No job kind "${kind}" is registered.`);
    const info = this.db
      .prepare(`INSERT INTO jobs (kind, status, title, dataset_id, params) VALUES (?, 'queued', ?, ?, ?)`)
      .run(kind, title, datasetId, JSON.stringify(params ?? {}));
    const job = this.get(Number(info.lastInsertRowid));
    this.bus.emit('job.updated', job);
    queueMicrotask(() => this.pump());
    return job;
  }

  get(id: number): Job {
    const row = this.db.prepare(`${SELECT_JOB} WHERE j.id = ?`).get(id) as JobRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no job ${id}.`);
    return this.toJob(row);
  }

  list(opts: { active?: boolean; limit: number }): Job[] {
    const where = opts.active ? `WHERE j.status IN ('queued','running')` : '';
    const rows = this.db.prepare(`${SELECT_JOB} ${where} ORDER BY j.id DESC LIMIT ?`).all(opts.limit) as JobRow[];
    return rows.map((r) => this.toJob(r));
  }

  errors(jobId: number, offset: number, limit: number): { total: number; errors: JobFileError[] } {
    this.get(jobId);
    const total = this.db.prepare('SELECT COUNT(*) FROM job_errors WHERE job_id = ?').pluck().get(jobId) as number;
    const errors = this.db
      .prepare('SELECT path, code, message FROM job_errors WHERE job_id = ? ORDER BY id LIMIT ? OFFSET ?')
      .all(jobId, limit, offset) as JobFileError[];
    return { total, errors };
  }

  cancel(id: number): Job {
    const job = this.get(id);
    const live = this.live.get(id);
    if (live) live.ac.abort();
    else if (job.status === 'queued') this.finish(id, 'cancelled', null, null);
    return this.get(id);
  }

  /** Resolves when the job reaches an end state. */
  wait(id: number): Promise<Job> {
    const job = this.get(id);
    if (isEnded(job.status)) return Promise.resolve(job);
    return new Promise((resolve) => {
      let set = this.waiters.get(id);
      if (!set) this.waiters.set(id, (set = new Set()));
      set.add(resolve);
    });
  }

  /** Stops running jobs so that they resume at the next start; waits for them to wind down. */
  async close(): Promise<void> {
    this.closed = true;
    const ids = [...this.live.keys()];
    const ended = ids.map((id) => new Promise<void>((r) => this.onceIdle(id, r)));
    for (const id of ids) {
      const l = this.live.get(id)!;
      l.shutdown = true;
      l.ac.abort();
    }
    await Promise.all(ended);
  }

  private readonly idleWaiters = new Map<number, () => void>();
  private onceIdle(id: number, cb: () => void): void {
    if (!this.live.has(id)) cb();
    else this.idleWaiters.set(id, cb);
  }

  private pump(): void {
    // The store may already be closed when a job winds down after shutdown.
    if (this.closed || !this.db.open) return;
    const queued = this.db.prepare(`SELECT id, kind FROM jobs WHERE status = 'queued' ORDER BY id`).all() as { id: number; kind: string }[];
    for (const q of queued) {
      const kind = this.kinds.get(q.kind);
      if (!kind) continue;
      const lane = kind.lane ?? kind.kind;
      if (this.busyLanes.has(lane)) continue;
      this.busyLanes.add(lane);
      void this.runJob(q.id, kind).finally(() => {
        this.busyLanes.delete(lane);
        this.pump();
      });
    }
  }

  private async runJob(id: number, kind: JobKind<any, any>): Promise<void> {
    const row = this.db.prepare(`${SELECT_JOB} WHERE j.id = ?`).get(id) as JobRow;
    const live: Live = {
      ac: new AbortController(),
      samples: [],
      lastEmit: 0,
      lastPersist: 0,
      done: row.done,
      total: row.total,
      message: row.message,
      shutdown: false,
    };
    this.live.set(id, live);
    this.db.prepare(`UPDATE jobs SET status = 'running', started_at = COALESCE(started_at, ?), error = NULL WHERE id = ?`).run(nowIso(), id);
    this.emit(id);
    const state = JSON.parse(row.state) as Record<string, unknown>;
    const ctx: JobContext = {
      id,
      params: JSON.parse(row.params),
      state: Object.keys(state).length ? state : undefined,
      signal: live.ac.signal,
      progress: (done, total, message) => this.progress(id, live, done, total, message),
      saveState: (s) => this.db.prepare('UPDATE jobs SET state = ? WHERE id = ?').run(JSON.stringify(s), id),
      fileError: (path, code, message) =>
        this.db.prepare('INSERT INTO job_errors (job_id, path, code, message) VALUES (?, ?, ?, ?)').run(id, path, code, message),
    };
    try {
      const result = await kind.run(ctx);
      if (live.ac.signal.aborted) throw new AppError('CANCELLED', 'Cancelled.');
      this.persistProgress(id, live);
      this.finish(id, 'done', null, result ?? null);
    } catch (err) {
      this.persistProgress(id, live);
      if (live.shutdown) {
        // Quit: leave it to be resumed at the next start.
        this.db.prepare(`UPDATE jobs SET status = 'interrupted' WHERE id = ?`).run(id);
        this.emit(id);
      } else if (live.ac.signal.aborted) {
        this.finish(id, 'cancelled', null, null);
      } else {
        this.finish(id, 'failed', toAppError(err).toJSON(), null);
      }
    } finally {
      this.live.delete(id);
      this.idleWaiters.get(id)?.();
      this.idleWaiters.delete(id);
    }
  }

  private progress(id: number, live: Live, done: number, total: number, message?: string): void {
    live.done = done;
    live.total = total;
    if (message !== undefined) live.message = message;
    const now = Date.now();
    live.samples = pushSample(live.samples, { t: now, done });
    if (now - live.lastPersist >= PERSIST_INTERVAL_MS) this.persistProgress(id, live);
    if (now - live.lastEmit >= EMIT_INTERVAL_MS || done >= total) {
      live.lastEmit = now;
      this.emit(id);
    }
  }

  private persistProgress(id: number, live: Live): void {
    live.lastPersist = Date.now();
    this.db.prepare('UPDATE jobs SET done = ?, total = ?, message = ? WHERE id = ?').run(live.done, live.total, live.message, id);
  }

  private finish(id: number, status: Job['status'], error: AppErrorShape | null, result: unknown): void {
    this.db
      .prepare('UPDATE jobs SET status = ?, error = ?, result = ?, finished_at = ? WHERE id = ?')
      .run(status, error ? JSON.stringify(error) : null, result === null ? null : JSON.stringify(result), nowIso(), id);
    const job = this.emit(id);
    this.waiters.get(id)?.forEach((cb) => cb(job));
    this.waiters.delete(id);
  }

  private emit(id: number): Job {
    const job = this.get(id);
    this.bus.emit('job.updated', job);
    return job;
  }

  private toJob(r: JobRow): Job {
    const live = this.live.get(r.id);
    const est = live ? estimateRate(live.samples, live.total) : { rate: null, etaSeconds: null };
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      title: r.title,
      datasetId: r.dataset_id,
      done: live?.done ?? r.done,
      total: live?.total ?? r.total,
      unit: this.kinds.get(r.kind)?.unit ?? 'items',
      rate: est.rate,
      etaSeconds: est.etaSeconds,
      message: live?.message ?? r.message,
      errorCount: r.error_count,
      error: r.error ? (JSON.parse(r.error) as AppErrorShape) : null,
      result: r.result ? JSON.parse(r.result) : null,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    };
  }
}

function isEnded(s: Job['status']): boolean {
  return s === 'done' || s === 'failed' || s === 'cancelled';
}
